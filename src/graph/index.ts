// Options shared by every operator
export { nodeName, splitNodeOptions, type ChildArgs, type NodeOptions } from './node-options.ts';

// Composition operators
export { sequence } from './sequence.ts';
export { fallback } from './fallback.ts';
export { parallel, type ParallelOptions, type ParallelPolicy } from './parallel.ts';

// Decorators: one child, changed behaviour
export { retry, type RetryOptions } from './retry.ts';
export { timeout, type TimeoutOptions } from './timeout.ts';
export { guard, type GuardOptions } from './guard.ts';
export { repeat, type RepeatOptions } from './repeat.ts';
export { until, type UntilOptions } from './until.ts';

// Run-time children
export { forEach } from './for-each.ts';

// Leaves for tests and task files
export { succeed } from './succeed.ts';
export { fail } from './fail.ts';
export { wait, type WaitOptions } from './wait.ts';
export { fromObservable } from './from-observable.ts';
