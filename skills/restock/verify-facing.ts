import { clearFailures } from './set-aside.ts';
import { defer, of } from 'rxjs';
import { Vector3 } from 'three';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { wrapAngle } from '../../src/math/pose.ts';
import { scanShelves } from '../../src/world/planogram-scan.ts';
import type { PlanogramFacing } from '../../src/world/planogram.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { KnownObject, WorldModel } from '../../src/world/world-model.ts';
import { resolvePlaceTarget } from '../placing/place-target.ts';
import { requirePlanogram } from './gaps.ts';

/** Input of `verifyFacing`. */
export const VerifyFacingInput = z.strictObject({
  /** The facing's place name (`aisle-a/level-2/slot-3/facing-1`). */
  facing: z.string().min(1),
  /** The item just placed there. */
  object: z.string().min(1),
  /** Offset from the facing's place point within which the item counts as aligned, m. */
  toleranceM: z.number().positive().default(0.03),
  /** Heading error within which a box counts as facing front, degrees. */
  toleranceYawDeg: z.number().positive().default(20),
});

/**
 * Checks a restocked facing in the world model: the item stands upright in the facing's column, and reports how far
 * it is from the facing's place point and how far its face is turned from the aisle (`placementErrorM`,
 * `yawErrorDeg`, `aligned`) in its progress data, the figures the console's KPIs fold. Fails `missed` when the item
 * is gone, outside the facing or knocked over.
 */
export const verifyFacing = defineSkill({
  name: 'verifyFacing',
  description: 'check the placed item stands upright in its facing; report placement and heading error',
  input: VerifyFacingInput,
  run: (input, ctx) =>
    defer(() => {
      const planogram = requirePlanogram(ctx.world);
      const facing = planogram.facings.find((f) => f.name === input.facing);
      if (!facing)
        throw new SkillFailure('invalid-input', `no facing '${input.facing}' in planogram ${planogram.name}`);
      const object = ctx.world.object(input.object);
      if (!object) throw new SkillFailure('missed', `'${input.object}' is no longer in the world model`);
      const [seen] = scanShelves([object], { ...planogram, facings: [facing] }).facings;
      if (seen?.status !== 'full') {
        throw new SkillFailure('missed', `'${input.object}' is not standing in ${facing.name}`, {
          detail: { object: input.object, positionInWorld: object.poseInWorld.position.toArray() },
        });
      }
      const placementErrorM = placementError(ctx.world, facing, object);
      const yawErrorDeg = (faceYawError(facing, object) * 180) / Math.PI;
      const aligned = placementErrorM <= input.toleranceM && yawErrorDeg <= input.toleranceYawDeg;
      clearFailures(ctx.world, facing.name);
      return of({
        message: aligned ? 'in place' : 'in the facing, out of line',
        data: {
          restocked: facing.sku,
          facing: facing.name,
          object: input.object,
          placementErrorM,
          yawErrorDeg,
          aligned,
        },
      });
    }),
});

/** Horizontal distance from the item's centre to where `place` aims in this facing, m. */
function placementError(world: WorldModel, facing: PlanogramFacing, object: KnownObject): number {
  const half = shapeHalfExtents(object.shape);
  const halfDepthM = facing.orientation === 'front' ? half[0] : half[1];
  const goal = resolvePlaceTarget(world, facing.name, halfDepthM);
  const d = new Vector3().subVectors(object.poseInWorld.position, goal.surfacePoint);
  return Math.hypot(d.x, d.y);
}

/** How far the item's face is turned from the planogram's heading, rad; 0 for round items (any heading shows a face). */
function faceYawError(facing: PlanogramFacing, object: KnownObject): number {
  if (object.shape.kind === 'cylinder' || object.shape.kind === 'sphere' || object.shape.kind === 'capsule') return 0;
  const x = new Vector3(1, 0, 0).applyQuaternion(object.poseInWorld.quaternion);
  const error = Math.abs(wrapAngle(Math.atan2(x.y, x.x) - facing.productYawRad));
  // A box turned round shows its other wide face: still facing front.
  return Math.min(error, Math.PI - error);
}
