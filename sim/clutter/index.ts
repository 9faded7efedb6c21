// Cluttered bins for grasp data: settle dropped objects with physics, render them, check effectors against them.

// Plain data
export { DEFAULT_SETTLE } from './clutter-types.ts';
export type { BinRegion, ClutterDrop, ClutterFixtureBox, ClutterSpec, SettleOptions } from './clutter-types.ts';
// Physics
export { insideBin, settleClutter } from './settle-clutter.ts';
export type { ClutterWorld, SettledObject } from './settle-clutter.ts';
// Sensing and queries
export { renderClutter } from './render-clutter.ts';
export type { ClutterView, RenderRange } from './render-clutter.ts';
export { effectorCollides } from './effector-collision.ts';
export { effectorParts } from '../grasp-trial/effector-parts.ts';
export type { EffectorPart } from '../grasp-trial/effector-parts.ts';
