// Hardware contracts: interfaces only. Backends live in sim/ (Rapier) and, later, the ROS bridge.

// Shared types
export * from './common.ts';
// The robot and its parts
export type * from './robot.ts';
export type * from './mobile-base.ts';
export type * from './posture-balance.ts';
export type * from './lift.ts';
export type * from './arm.ts';
export type * from './end-effector.ts';
export type * from './force-torque-sensor.ts';
export type * from './camera.ts';
