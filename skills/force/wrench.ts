import { Quaternion, Vector3 } from 'three';
import type { Wrench } from '../../hardware/force-torque-sensor.ts';
import type { Robot } from '../../hardware/robot.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import { linkInWorld } from '../arm/robot-frames.ts';

/** The rotation from the sensor frame to the world, from FK of the link the reading is in (identity if unknown). */
export function sensorRotationInWorld(robot: Robot, world: WorldModel, frameId: string): Quaternion {
  if (!robot.model.links.has(frameId)) return new Quaternion();
  return new Quaternion().setFromRotationMatrix(linkInWorld(robot, world, frameId));
}

/** A reading's force in the world frame, N. */
export function forceInWorld(wrench: Wrench, sensorInWorld: Quaternion): Vector3 {
  return new Vector3(...wrench.forceN).applyQuaternion(sensorInWorld);
}

/** Standard gravity, m/s². */
export const GRAVITY_MPS2 = 9.81;
