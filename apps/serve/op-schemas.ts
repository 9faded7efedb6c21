import { z } from 'zod';

/**
 * The rosbridge v2 operations a client may send, as zod schemas: a message is checked once where it enters, and
 * a wrong field gets a status message naming the op, the field and the reason. Extra fields are allowed, as
 * rosbridge allows them (clients send `latch`, `queue_size` and the like).
 */
const Id = z.union([z.string(), z.number()]).transform(String).optional();
const Name = z.string().min(1);

export const OP_SCHEMAS = {
  advertise: z.object({ id: Id, topic: Name, type: Name }),
  unadvertise: z.object({ id: Id, topic: Name }),
  publish: z.object({ id: Id, topic: Name, msg: z.unknown() }),
  subscribe: z.object({
    id: Id,
    topic: Name,
    type: Name.optional(),
    throttle_rate: z.number().int().nonnegative().default(0),
    queue_length: z.number().int().nonnegative().default(0),
    fragment_size: z.number().int().positive().optional(),
    compression: z.enum(['none', 'png', 'cbor', 'cbor-raw']).default('none'),
  }),
  unsubscribe: z.object({ id: Id, topic: Name }),
  call_service: z.object({
    id: Id,
    service: Name,
    args: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).default({}),
    fragment_size: z.number().int().positive().optional(),
    compression: z.string().optional(),
  }),
  advertise_service: z.object({ service: Name, type: Name }),
  unadvertise_service: z.object({ service: Name }),
  service_response: z.object({ id: Id, service: Name }),
  send_action_goal: z.object({
    id: Id,
    action: Name,
    action_type: Name,
    args: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).default({}),
    feedback: z.boolean().default(false),
    fragment_size: z.number().int().positive().optional(),
    compression: z.string().optional(),
  }),
  cancel_action_goal: z.object({ id: z.union([z.string(), z.number()]).transform(String), action: Name }),
  advertise_action: z.object({ action: Name, type: Name }),
  unadvertise_action: z.object({ action: Name }),
  action_feedback: z.object({ id: Id, action: Name }),
  action_result: z.object({ id: Id, action: Name }),
  set_level: z.object({ id: Id, level: z.string() }),
  fragment: z.object({
    id: z.union([z.string(), z.number()]).transform(String),
    data: z.string(),
    num: z.number().int().nonnegative(),
    total: z.number().int().positive(),
  }),
  auth: z.object({}),
} as const;

export type OpName = keyof typeof OP_SCHEMAS;
export type Op<K extends OpName> = z.output<(typeof OP_SCHEMAS)[K]>;

/** One zod issue as `field: reason`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export function isOpName(op: string): op is OpName {
  return Object.hasOwn(OP_SCHEMAS, op);
}
