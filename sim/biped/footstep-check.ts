import { HardwareFault } from '../../hardware/common.ts';
import type { Footstep, WalkingLimits } from '../../hardware/mobile-base.ts';
import { Vector2 } from 'three';
import {
  flatUnder,
  footstepBeyondLimits,
  planFootsteps,
  type FootstepLimits,
  type TerrainHeight,
} from '../../src/locomotion/footstep-planner.ts';
import type { FootPlacement, SoleSize } from '../../src/locomotion/support-polygon.ts';
import type { FootSide, PlannedStep } from '../../src/locomotion/walk-plan.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { SimWorld } from '../sim-world.ts';

/**
 * Each footstep against the walking limits (relative to the other foot when it lands) and flat under its sole,
 * starting from `feet`; throws a `rejected` fault naming the first footstep that breaks one.
 */
export function checkFootsteps(
  footsteps: readonly Footstep[],
  from: Readonly<Record<FootSide, FootPlacement>>,
  limits: WalkingLimits,
  sole: SoleSize,
  terrain: TerrainHeight,
): PlannedStep[] {
  const feet = { ...from };
  return footsteps.map((footstep, i) => {
    const to: FootPlacement = {
      x: footstep.pose.x,
      y: footstep.pose.y,
      zM: footstep.zM ?? terrain(footstep.pose.x, footstep.pose.y),
      yawRad: footstep.pose.yawRad,
    };
    const stance = feet[footstep.foot === 'left' ? 'right' : 'left'];
    const rise = Math.abs(to.zM - stance.zM);
    const eps = 1e-6;
    const refuse = (why: string): never => {
      throw new HardwareFault('rejected', 'base', `footstep ${i} (${footstep.foot}): ${why}`, { footstep: i });
    };
    const beyond = footstepBeyondLimits(stance, to, footstep.foot, limits);
    if (beyond !== undefined) refuse(beyond);
    if (rise > limits.maxStepHeightM + eps) refuse(`a ${rise.toFixed(3)} m step, limit ${limits.maxStepHeightM} m`);
    if (!flatUnder(to, sole, terrain))
      refuse(`the sole would not land flat at (${to.x.toFixed(3)}, ${to.y.toFixed(3)})`);
    feet[footstep.foot] = to;
    return { foot: footstep.foot, to };
  });
}

/**
 * The static world's surface height under a floor point: a ray cast down from `aboveM()` past robots and loose
 * objects (0 where nothing is hit).
 */
export function staticTerrain(sim: SimWorld, aboveM: () => number): TerrainHeight {
  return (x, y) => {
    const { rapier, world } = sim;
    const top = aboveM();
    const ray = new rapier.Ray({ x, y, z: top }, { x: 0, y: 0, z: -1 });
    const flags = rapier.QueryFilterFlags.EXCLUDE_DYNAMIC | rapier.QueryFilterFlags.EXCLUDE_KINEMATIC;
    const hit = world.castRay(ray, 10, true, flags);
    return hit === null ? 0 : top - hit.timeOfImpact;
  };
}

/** The footsteps of a walk straight from `start` to `goal` (side steps and turns for a short move), then feet together. */
export function footstepsTo(start: Pose2D, goal: Pose2D, limits: FootstepLimits, terrain: TerrainHeight): Footstep[] {
  const line = [new Vector2(start.x, start.y), new Vector2(goal.x, goal.y)];
  return planFootsteps(line, start, goal.yawRad, limits, terrain).map((s) => ({
    foot: s.foot,
    pose: { x: s.to.x, y: s.to.y, yawRad: s.to.yawRad },
    zM: s.to.zM,
  }));
}
