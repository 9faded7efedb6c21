import { clearFailures } from './set-aside.ts';
import { concat, defer, of, throwError } from 'rxjs';
import { Vector3 } from 'three';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { scanShelves } from '../../src/world/planogram-scan.ts';
import type { PlanogramFacing } from '../../src/world/planogram.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { KnownObject, WorldModel } from '../../src/world/world-model.ts';
import { resolvePlaceTarget } from '../placing/place-target.ts';
import { faceTurnRad, IN_LINE_DEG } from '../planning/in-line.ts';
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
  toleranceYawDeg: z.number().positive().default(IN_LINE_DEG),
});

/**
 * Checks a restocked facing in the world model: the item stands upright in the facing's column, and reports how far
 * it is from the facing's place point and how far its face is turned from the aisle (`placementErrorM`,
 * `yawErrorDeg`, `aligned`) in its progress data, the figures the console's KPIs fold. Fails `missed` when the item
 * is gone, outside the facing or knocked over, and when it stands there turned off its heading (its side to the
 * aisle): that progress then says `outOfLine`, not `restocked`.
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
      const yawErrorDeg = (faceTurnRad(object, object.poseInWorld.quaternion, facing.productYawRad) * 180) / Math.PI;
      const turned = yawErrorDeg > input.toleranceYawDeg;
      const aligned = placementErrorM <= input.toleranceM && !turned;
      clearFailures(ctx.world, facing.name);
      const seenThere = { facing: facing.name, object: input.object, placementErrorM, yawErrorDeg, aligned };
      const message = aligned ? 'in place' : 'in the facing, out of line';
      if (!turned) return of({ message, data: { restocked: facing.sku, ...seenThere } });
      // Turned, the item shows its side to the aisle: the facing is not restocked, so the try fails. The item stays
      // (the facing is no longer empty, and a later try would meet it there).
      const why = `'${input.object}' stands in ${facing.name} turned ${yawErrorDeg.toFixed(0)}° off its heading`;
      return concat(
        of({ message, data: { outOfLine: facing.sku, ...seenThere } }),
        throwError(() => new SkillFailure('missed', why, { detail: seenThere })),
      );
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
