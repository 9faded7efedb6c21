import { Quaternion, Vector3 } from 'three';
import type { Wrench } from '../../hardware/force-torque-sensor.ts';
import { linkInWorld } from '../arm/robot-frames.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';

/** The rotation from the sensor frame to the world, from FK of the link the reading is in (identity if unknown). */
export function sensorRotationInWorld(scene: PlanningScene, frameId: string): Quaternion {
  if (!scene.robot.model.links.has(frameId)) return new Quaternion();
  return new Quaternion().setFromRotationMatrix(linkInWorld(scene, frameId));
}

/** A reading's force in the world frame, N. */
export function forceInWorld(wrench: Wrench, sensorInWorld: Quaternion): Vector3 {
  return new Vector3(...wrench.forceN).applyQuaternion(sensorInWorld);
}

/** Standard gravity, m/s². */
export const GRAVITY_MPS2 = 9.81;
