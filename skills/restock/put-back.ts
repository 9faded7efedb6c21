import { Vector3 } from 'three';
import { fallback } from '../../src/graph/fallback.ts';
import { forEach } from '../../src/graph/for-each.ts';
import { sequence } from '../../src/graph/sequence.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import { heldBy, type HeldObject } from '../arm/held-objects.ts';
import { pickAndPlace } from '../pick-and-place.ts';
import type { PlaceTarget } from '../placing/place-target.ts';
import { backAwayForCarry } from './back-away.ts';
import { handStuck } from './hand-stuck.ts';
import { pickOrigin } from './memory.ts';
import { setDownTargets } from './set-down.ts';

/**
 * Frees the hands: every held object is put back, one hand after the other, by a place into the stock place
 * planned and executed like any place (`pickAndPlace` from the held state: the planner skips the pick), first onto
 * the spot it was picked from, then onto any free spot there; when the stock place refuses it, it is set down on a
 * spot tagged `set-down` (`SET_DOWN_TAG`, staff tidy it away); when every one refuses it, the base backs away from
 * the shelf until a carry posture holds the load (`backAwayForCarry`) and they are tried again; when nothing takes
 * it, `handStuck` says so (an event the KPIs count) and fails `blocked`. The object stays held by friction until a place lets go of it through the
 * shared release rule. Does nothing when the hands are empty.
 *
 * @example
 * sequence({ name: 'shift' }, freeHands('stock-tote'), waitForWork({ stock: 'stock-tote' }), round)
 */
export function freeHands(stock: string): Skill {
  return forEach(
    { name: 'free-hands' },
    (ctx) =>
      ctx.robot.parts.arms
        .map((arm) => heldBy(ctx.blackboard, arm.name))
        .filter((hold): hold is HeldObject => hold !== undefined && ctx.world.object(hold.objectId) !== undefined)
        .map((hold) => ({
          object: hold.objectId,
          effector: hold.effector,
          targets: putBackTargets(ctx, hold.objectId, stock),
        })),
    ({ object, effector, targets }) => {
      const putBacks = () =>
        targets.map((target) => pickAndPlace({ object, target, effector, fallbackToSuction: false, attempts: 2 }));
      return fallback(
        { name: 'put-back' },
        ...putBacks(),
        // A load left low at a bottom slot's front (a place refused after it slid) may have no carry pose there that
        // misses both the base and the board above: a step back from the shelf clears the board.
        sequence({ name: 'backed-away' }, backAwayForCarry({ object }), fallback({ name: 'again' }, ...putBacks())),
        handStuck({ object }),
      );
    },
  );
}

/** Where a held item may go, in turn: its pick spot, the stock place, the set-down spots nearest it first. */
export function putBackTargets(ctx: SkillContext, object: string, stock: string): PlaceTarget[] {
  const known = ctx.world.object(object);
  return [...originTarget(ctx, object), { region: stock }, ...(known ? setDownTargets(ctx.world, known) : [])];
}

/** The surface point under where the item stood before its pick, with its heading; none when unknown. */
function originTarget(ctx: SkillContext, objectId: string): PlaceTarget[] {
  const origin = pickOrigin(ctx.world, objectId);
  const object = ctx.world.object(objectId);
  if (origin === undefined || object === undefined) return [];
  const halfHeightM = shapeHalfExtents(object.shape)[2];
  const x = new Vector3(1, 0, 0).applyQuaternion(origin.quaternion);
  return [
    {
      position: [origin.position.x, origin.position.y, origin.position.z - halfHeightM],
      yawRad: Math.atan2(x.y, x.x),
    },
  ];
}
