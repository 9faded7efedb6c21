// The Rapier simulation backend: the only code that imports Rapier. It implements the hardware interfaces.

// Building a simulation from a scene
export { createSimulation, SceneIntersectionError, simShape } from './build-scene.ts';
export type { CreateSimulationOptions, Simulation } from './build-scene.ts';
// The world and its clock
export { SimWorld } from './sim-world.ts';
export type { SimWorldOptions, SimSnapshot, SimStateful, StepHook, CollisionListener } from './sim-world.ts';
export { loadRapier } from './rapier.ts';
// Robots and parts
export { SimRobot } from './sim-robot.ts';
export type { SimRobotSpec } from './sim-robot.ts';
export { rapierSceneQuery } from './scene-query.ts';
