// Task files: YAML/JSON graphs compiled to Skill nodes.

// Compiling and loading
export * from './compile-task.ts';
export * from './errors.ts';
// Running a compiled task under a sim clock
export * from './run-task.ts';
// Registries and what ships in them
export * from './registries.ts';
export * from './default-registries.ts';
export * from './builtin-skills.ts';
export * from './builtin-queries.ts';
// The file format
export { NODE_KINDS, type NodeKind } from './node-schemas.ts';
