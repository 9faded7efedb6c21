import type { z } from 'zod';
import type { IssueCollector } from './errors.ts';

type Key = string | number;

/**
 * Adds each zod issue to the collector with its path prefixed by where the value sits in the file, and a
 * message that names what was found (`expected string, got number`) rather than zod's generic wording.
 */
export function addZodIssues(
  collector: IssueCollector,
  basePath: readonly Key[],
  error: z.ZodError,
  raw: unknown,
): void {
  for (const issue of error.issues) {
    const path = [...basePath, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))];
    if (issue.code === 'unrecognized_keys') {
      // Point at each key itself, so the path (and line) lands on the typo.
      for (const key of issue.keys) collector.add([...path, key], 'unknown key');
      continue;
    }
    collector.add(path, describeIssue(issue, valueAt(raw, issue.path)));
  }
}

function describeIssue(issue: z.core.$ZodIssue, received: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (received === undefined) return `required ${issue.expected} is missing`;
      // zod reports a non-integer number as "expected int, received number", which reads as a contradiction.
      if (issue.expected === 'int' && typeof received === 'number') return `expected integer, got ${received}`;
      return `expected ${issue.expected}, got ${typeName(received)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(received)}`;
    default:
      return lowerFirst(issue.message.replace(/^Invalid input: /, ''));
  }
}

/** A value's type as a person would name it, telling `null` and `array` apart from `object`. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
