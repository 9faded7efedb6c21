// embody's core library, what `import { ... } from 'embody'` gives: the skill contract, the graph operators,
// telemetry, task files, the world model, the sim clock and the math they use. Skills, the simulator, scenes and
// hardware contracts have entry points of their own (`embody/skills`, `embody/sim`, `embody/scenes`,
// `embody/hardware`), so a program loads only what it uses.

// The skill contract
export type * from './skill/skill.ts';
export type * from './skill/context.ts';
export type * from './skill/events.ts';
export * from './skill/failure.ts';
export * from './skill/root-cause.ts';
export * from './skill/define-skill.ts';
export * from './skill/define-composite.ts';
export { runSkill } from './skill/run.ts';
// Graph operators
export * from './graph/index.ts';
// Telemetry: events, the bus, traces, the live tree
export * from './telemetry/index.ts';
// Task files: compile, load and run
export * from './task/index.ts';
// The world model and the sim clock
export type * from './world/world-model.ts';
export * from './world/in-memory-world-model.ts';
export * from './time/sim-scheduler.ts';
// Math
export * from './math/pose.ts';
export * from './math/random.ts';
