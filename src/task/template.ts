import { SkillFailure } from '../skill/failure.ts';

/** Values bound by enclosing `forEach` nodes: `item`, `itemIndex`, or the names their `as` chose. */
export type Scope = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\$\{([A-Za-z_][\w-]*)((?:\.[\w-]+)*)\}/g;
const WHOLE = /^\$\{([A-Za-z_][\w-]*)((?:\.[\w-]+)*)\}$/;

/** Every `${name}` / `${name.field}` in a params value, as `[name, pathInParams]` pairs, for compile-time checks. */
export function placeholders(
  value: unknown,
  path: readonly (string | number)[] = [],
): { name: string; path: (string | number)[] }[] {
  if (typeof value === 'string') {
    return [...value.matchAll(PLACEHOLDER)].map((match) => ({ name: match[1] ?? '', path: [...path] }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholders(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => placeholders(v, [...path, k]));
  }
  return [];
}

/**
 * Replaces placeholders with scope values. A string that is exactly one placeholder becomes the value itself
 * (a number stays a number, an object stays an object); a placeholder inside longer text is interpolated.
 */
export function substitute(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(scope, whole[1] ?? '', whole[2] ?? '', value);
    return value.replace(PLACEHOLDER, (text, name: string, fields: string) => show(lookup(scope, name, fields, text)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, scope)]));
  }
  return value;
}

function lookup(scope: Scope, name: string, fields: string, text: string): unknown {
  if (!(name in scope)) throw new SkillFailure('invalid-input', `${text}: "${name}" is not bound here`);
  let value = scope[name];
  for (const field of fields.split('.').slice(1)) {
    if (value === null || typeof value !== 'object' || !(field in value)) {
      throw new SkillFailure('invalid-input', `${text}: ${JSON.stringify(scope[name])} has no field "${field}"`);
    }
    value = (value as Record<string, unknown>)[field];
  }
  return value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
