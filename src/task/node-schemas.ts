import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { FAILURE_REASONS } from '../skill/failure.ts';

/** The node kinds a task file may use, each written as the key that introduces it. */
export const NODE_KINDS = [
  'sequence',
  'fallback',
  'parallel',
  'retry',
  'timeout',
  'guard',
  'repeat',
  'forEach',
  'skill',
] as const;
/** One of `NODE_KINDS`. */
export type NodeKind = (typeof NODE_KINDS)[number];

/** Decorators wrap one child, given under the `node` key beside their options. */
export const DECORATOR_KINDS = ['retry', 'timeout', 'guard', 'repeat', 'forEach'] as const;

const Name = z
  .string()
  .min(1)
  .regex(/^[^/]+$/, { error: 'a name may not contain "/" (it separates path segments)' });

/** Names a forEach binds must be usable inside `${...}`. */
const Identifier = z.string().regex(/^[A-Za-z_][\w-]*$/, { error: 'expected an identifier such as item or shelfSlot' });

/** `{ skill, name?, params? }`: a leaf; params are checked later against the skill's own schema. */
export const SkillNodeSchema = z.strictObject({
  skill: z.string(),
  name: Name.optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** Children of a composite: its options, or a bare list as shorthand. */
export const CompositeSchema = z.strictObject({ name: Name.optional(), nodes: z.array(z.unknown()) });

/** When a parallel node succeeds: all children, any one, or a count. */
export const ParallelPolicySchema = z.union(
  [z.literal('all'), z.literal('any'), z.strictObject({ succeed: z.number().int().positive() })],
  {
    error: 'expected all, any or { succeed: <count> }',
  },
);

/** A parallel node's options. */
export const ParallelSchema = CompositeSchema.extend({ policy: ParallelPolicySchema.default('all') });

/** A retry node's options. */
export const RetryOptionsSchema = z.strictObject({
  name: Name.optional(),
  attempts: z.number().int().positive(),
  backoffMs: z.number().nonnegative().optional(),
  /** Retry only failures with these reasons; others fail through at once. */
  when: z.array(z.enum(FAILURE_REASONS)).min(1).optional(),
});

/** A timeout node's options. */
export const TimeoutOptionsSchema = z.strictObject({ name: Name.optional(), ms: z.number().positive() });

/** A repeat node's options. */
export const RepeatOptionsSchema = z.strictObject({ name: Name.optional(), count: z.number().int().positive() });

/** A condition or item query: a bare name, or a one-key mapping of name to params. */
export const CallSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

/** A guard node's options. */
export const GuardOptionsSchema = z.strictObject({
  name: Name.optional(),
  condition: CallSchema,
  onFalse: z.enum(['fail', 'wait']).default('fail'),
});

/** A forEach node's options. */
export const ForEachOptionsSchema = z.strictObject({
  name: Name.optional(),
  /** A literal list, an item query (`{ objectsTagged: stock }`), or a list bound by an outer forEach (`${order.items}`). */
  items: z.union([z.array(z.unknown()), CallSchema]),
  as: Identifier.default('item'),
});

/** The file's top level. */
export const TaskFileSchema = z.strictObject({
  name: Name.optional(),
  description: z.string().optional(),
  /** Seed of the run's random source when the command line gives none. */
  seed: z.number().int().nonnegative().optional(),
  /**
   * The scene the task runs in (its world model: objects, places, fixtures), relative to the task file; the command
   * line's `--scene` overrides it.
   */
  scene: z
    .string()
    .min(1)
    .refine((path) => !isAbsolute(path), 'must be relative to the task file, not an absolute path')
    .optional(),
  /** The graph; compiled node by node so each issue gets its own path. */
  root: z.unknown().optional(),
});
