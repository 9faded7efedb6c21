import { z } from 'zod';

/**
 * zod schemas for flag values as the command line gives them (strings). Numbers are read strictly: `''`, `0x10`,
 * `1_000`, `Infinity` and `NaN` are not numbers here (zod's `coerce` would read `''` as 0), and every message names
 * what was expected and what was given, so one line tells a user what to fix.
 */

/** A decimal number as a person types it: `7`, `-0.5`, `.25`, `1e-3`. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number a flag value spells, or undefined when it is not a plain finite number. */
export function parseNumberText(text: string): number | undefined {
  if (!NUMBER_TEXT.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** `"7"` as a person reads it in a message: empty values are shown as `""`. */
function shown(text: string): string {
  return text === '' ? '""' : JSON.stringify(text);
}

/** Bounds of a number flag; `minExclusive` for values that must be above `min` (a scale, a time limit). */
export interface NumberBounds {
  readonly min: number;
  readonly max: number;
  readonly minExclusive?: boolean;
}

function boundsText({ min, max, minExclusive }: NumberBounds): string {
  return `${minExclusive ? `> ${min}` : `≥ ${min}`} and ≤ ${max}`;
}

function inBounds(n: number, { min, max, minExclusive }: NumberBounds): boolean {
  return (minExclusive ? n > min : n >= min) && n <= max;
}

/** An integer flag within [min, max]. */
export function intFlag(min: number, max: number): z.ZodType<number, string> {
  return z.string().transform((text, ctx) => {
    const n = parseNumberText(text);
    if (n !== undefined && Number.isInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}, got ${shown(text)}` });
    return z.NEVER;
  });
}

/** A number flag within bounds. */
export function numberFlag(bounds: NumberBounds): z.ZodType<number, string> {
  return z.string().transform((text, ctx) => {
    const n = parseNumberText(text);
    if (n !== undefined && inBounds(n, bounds)) return n;
    ctx.addIssue({ code: 'custom', message: `expected a number ${boundsText(bounds)}, got ${shown(text)}` });
    return z.NEVER;
  });
}

/** A range flag `A:B`, both ends within bounds and A ≤ B. */
export function rangeFlag(bounds: NumberBounds): z.ZodType<[number, number], string> {
  return z.string().transform((text, ctx) => {
    const parts = text.split(':');
    const [a, b] = parts.map(parseNumberText);
    if (parts.length !== 2 || a === undefined || b === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected A:B (two numbers), got ${shown(text)}` });
      return z.NEVER;
    }
    if (!inBounds(a, bounds) || !inBounds(b, bounds)) {
      ctx.addIssue({ code: 'custom', message: `both ends must be ${boundsText(bounds)}, got ${shown(text)}` });
      return z.NEVER;
    }
    if (a > b) {
      ctx.addIssue({ code: 'custom', message: `expected A:B with A ≤ B, got ${shown(text)}` });
      return z.NEVER;
    }
    return [a, b];
  });
}

/** One of a closed set of words. */
export function choiceFlag<const T extends readonly [string, ...string[]]>(choices: T): z.ZodType<T[number], string> {
  return z.string().transform((text, ctx) => {
    if (choices.includes(text)) return text;
    ctx.addIssue({ code: 'custom', message: `expected ${choices.join(' or ')}, got ${shown(text)}` });
    return z.NEVER;
  });
}

const REQUIRED = 'required';

/** A non-empty string (a path, a list); required unless made `.optional()`. */
export const textFlag = z
  .string({ error: (issue) => (issue.input === undefined ? REQUIRED : 'expected text') })
  .min(1, 'needs a non-empty value');

/** `--name: message` for each issue of a flags schema (`missing --name` for a required one). */
export function flagIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const flag = `--${issue.path.map(String).join('.')}`;
    return issue.message === REQUIRED ? `missing ${flag}` : `${flag}: ${issue.message}`;
  });
}
