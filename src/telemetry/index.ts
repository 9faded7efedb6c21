// Telemetry: what a run reports, where it goes, and the live tree folded from it.

// Events and the bus
export * from '../skill/telemetry-events.ts';
export * from './bus.ts';
// Recording and replay
export * from './jsonl-recorder.ts';
export * from './trace.ts';
// The live tree
export * from './tree-snapshot.ts';
