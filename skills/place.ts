import { EMPTY, catchError, defer } from 'rxjs';
import { Vector3 } from 'three';
import { z } from 'zod';
import type { Arm } from '../hardware/arm.ts';
import type { Pose } from '../src/math/pose.ts';
import type { SkillContext } from '../src/skill/context.ts';
import { defineSkill } from '../src/skill/define-skill.ts';
import { SkillFailure } from '../src/skill/failure.ts';
import { guardedMove$ } from './force/guarded-move.ts';
import { releaseGrip } from './force/release-grip.ts';
import { execute } from './arm/motion.ts';
import { findArm } from '../src/skill/find-arm.ts';
import { HELD, type HeldObject } from './arm/held-objects.ts';
import { act, phases, settle, type Phase } from '../src/skill/phases.ts';
import { toolInWorld } from './arm/robot-frames.ts';
import { PlaceTargetInput, resolvePlaceTarget } from './placing/place-target.ts';
import { PLAN } from './planning/plan-key.ts';
import type { KnownObject } from '../src/world/world-model.ts';
import { heldObjectPose, holdAsSeen, planPlace } from './placing/plan-place.ts';
import type { PlaceChoice, PlacePlan } from './placing/place-plan.ts';
import { releaseTilt } from './placing/release-tilt.ts';
import { backOutHolding, placeWays, type PlaceWays } from './placing/place-ways.ts';
import { restError } from './placing/rest-check.ts';
import { descentClearance } from './placing/descent-sweep.ts';
import { effectorHolds, loadAfterMiss } from './placing/load-check.ts';
import { armSweepHit } from './arm/arm-sweep.ts';
import { knownObject } from '../src/skill/known-object.ts';
import { hitObjectId } from '../src/world/scene-query.ts';

/** Input of `place`. */
export const PlaceInput = z.strictObject({
  /** Id of the held object. */
  object: z.string().min(1),
  /** A named place or slot, `{ region }`, or `{ position, yawRad? }`. */
  target: PlaceTargetInput,
  /** Force along the descent that means the object touched down, N. */
  contactForceN: z.number().positive().default(4),
  /** The descent may go this far past the expected contact before it counts as missing the surface, m. */
  extraDescentM: z.number().positive().default(0.03),
  /** Rest-pose tolerances checked against the world model after the release. */
  toleranceM: z.number().positive().default(0.01),
  toleranceTiltDeg: z.number().positive().default(5),
  /** Settling time before the rest pose is read, ms. */
  settleMs: z.number().nonnegative().default(300),
});
export type PlaceParams = z.infer<typeof PlaceInput>;

/** A descent cut short by an arm link in the way still goes this far past where the load should land, m. */
const MIN_DESCENT_PAST_REST_M = 0.005;

/**
 * Puts a held object down: approach above (open surfaces) or in front of (shelf slots) the target, lower by a
 * force-guarded move until the wrist feels contact, release, retreat, then check in the world model that the
 * object came to rest within tolerance (default 1 cm, 5° tilt). Fails `precondition-failed` when the object is
 * not held, `unreachable`, `missed` (no contact, or it came to rest off target), `hardware-fault`.
 *
 * @example
 * runSkill(place({ object: 'can-1', target: 'aisle-a/level-3/slot-6' }), ctx)
 */
export const place = defineSkill({
  name: 'place',
  description: 'approach the target, lower until contact on the wrist F/T, release, retreat, verify the rest pose',
  input: PlaceInput,
  ports: ({ object }) => ({
    inputs: [HELD.of(object).name],
    optionalInputs: [PLAN.of(object).name],
    outputs: [HELD.of(object).name],
  }),
  run: (input, ctx) =>
    defer(() => {
      const held = requireHold(ctx, input.object);
      const { arm } = held;
      const hold = holdAsSeen(ctx, arm, held.hold);
      const plan = placePlanFor(ctx, arm, hold, input.target);
      // Shelf slots' ways come swept (`frontPlan`); an open surface's way to above the spot is swept here against
      // the products, before the arm moves.
      const hit = plan.frontPath ? undefined : armSweepHit(ctx, arm, plan.joints, {}, [hold.objectId]);
      // Products only: a fixture within the sweep's margin (a ledge's top the planner passed on another IK solution)
      // does not move, and refusing there leaves the item stuck in the hand.
      if (hit && hitObjectId(hit.hit.what) !== undefined)
        throw new SkillFailure(
          'blocked',
          `the way to above '${plan.goal.name}' meets the scene: ${hit.link} hits ${hit.hit.what}`,
          { detail: { link: hit.link, what: hit.hit.what, target: plan.goal.name } },
        );
      return executePlace(ctx, arm, hold, plan, input);
    }),
});

/**
 * The place planned for the load where the hand has it now (`hold`, as `holdAsSeen` reads it): with `only`, that
 * heading and pre-place distance first; then the planned place solved again from here (`plannedPlace`), else every
 * heading searched. The place plans so as it starts, and again at a shelf's pre-place when the load slid in the
 * fingers on the way there.
 */
function placePlanFor(
  ctx: SkillContext,
  arm: Arm,
  hold: HeldObject,
  target: PlaceParams['target'],
  only?: PlaceChoice,
): PlacePlan {
  const object = knownObject(ctx.world, hold.objectId);
  const nowPose = heldObjectPose(toolInWorld(ctx, arm), hold);
  return (
    (only ? planOrUndefined(() => planPlace(ctx, arm, object, hold, target, nowPose, {}, only)) : undefined) ??
    plannedPlace(ctx, arm, object, hold, target, nowPose) ??
    planPlace(ctx, arm, object, hold, target, nowPose)
  );
}

/**
 * The planned place (its heading and way in) solved again from where the robot stands, with the hold as it is
 * now; undefined when there is no plan for this target or it no longer works from here (the place then searches
 * every heading).
 */
function plannedPlace(
  ctx: SkillContext,
  arm: Arm,
  object: KnownObject,
  hold: HeldObject,
  target: PlaceParams['target'],
  nowPose: Pose,
): PlacePlan | undefined {
  const chain = ctx.blackboard.get(PLAN.of(object.id));
  if (!chain || resolvePlaceTarget(ctx.world, target, 0).name !== chain.targetName) return undefined;
  return planOrUndefined(() => planPlace(ctx, arm, object, hold, target, nowPose, {}, chain.place.plan.choice));
}

/** The plan `solve` makes, or undefined when it finds the target out of reach. */
function planOrUndefined(solve: () => PlacePlan): PlacePlan | undefined {
  try {
    return solve();
  } catch (error) {
    if (error instanceof SkillFailure && error.reason === 'unreachable') return undefined;
    throw error;
  }
}

/** The hold on `objectId` and its arm, or `precondition-failed`. */
export function requireHold(ctx: SkillContext, objectId: string): { hold: HeldObject; arm: Arm } {
  knownObject(ctx.world, objectId);
  const hold = ctx.blackboard.get(HELD.of(objectId));
  if (!hold)
    throw new SkillFailure('precondition-failed', `'${objectId}' is not held; grasp it first`, {
      detail: { objectId },
    });
  const arm = findArm(ctx.robot, hold.armName);
  if (!arm) throw new SkillFailure('precondition-failed', `the arm '${hold.armName}' holding '${objectId}' is gone`);
  return { hold, arm };
}

/**
 * A load that slid in the fingers more than this on the way to a shelf's pre-place gets a way in planned for where
 * it is now, m: a glass jar slid 12.5 mm down in its grip there and its rim caught the shelf's lip (demo seed 4).
 */
const SLID_M = 0.003;

function executePlace(ctx: SkillContext, arm: Arm, hold: HeldObject, plan: PlacePlan, input: PlaceParams) {
  const ways = placeWays(ctx, arm);
  if (!plan.frontPath) return phases(...toPrePlace(ways, arm, plan), ...wayIn(ctx, ways, arm, hold, plan, input));
  // Shelf slots: the hold is read again at the pre-place, before the load goes in over the lip.
  return phases(...toPrePlace(ways, arm, plan), () => {
    const seen = holdAsSeen(ctx, arm, hold);
    const slidM = seen.objectInTool.position.distanceTo(hold.objectInTool.position);
    if (slidM <= SLID_M) return phases(...wayIn(ctx, ways, arm, hold, plan, input));
    const slid = `'${hold.objectId}' slid ${(slidM * 1000).toFixed(1)} mm in the hand on the way to '${plan.goal.name}'`;
    let again: PlacePlan;
    try {
      again = placePlanFor(ctx, arm, seen, input.target, plan.choice);
    } catch (error) {
      if (!(error instanceof SkillFailure) || error.reason !== 'unreachable') throw error;
      throw new SkillFailure('unreachable', `${slid}, and from there: ${error.message}`, {
        detail: { ...error.detail, slidM },
      });
    }
    return phases(
      act(() => ({ message: 're-planned', data: { slidM, why: slid, hoverM: again.hoverM } })),
      ...toPrePlace(ways, arm, again),
      ...wayIn(ctx, ways, arm, seen, again, input),
    );
  });
}

/** The plan's report, then the move to the pre-place. */
function toPrePlace(ways: PlaceWays, arm: Arm, plan: PlacePlan): Phase[] {
  return [
    act(() => ({
      message: 'plan',
      data: {
        target: plan.goal.name,
        approach: plan.goal.approach,
        objectAtRest: plan.objectAtRest.position.toArray(),
        hoverM: plan.hoverM,
        toolAtHover: plan.hoverInWorld.position.toArray(),
      },
    })),
    // Shelf slots: a straight line to the front of the slot and level into it, so the arm does not swing through
    // the boards; open surfaces: a joint move to above the spot.
    plan.frontPath
      ? ways.through(plan.frontPath.toPrePlace, 'pre-place')
      : () => execute(arm.moveJoints({ positions: plan.joints[plan.prePlaceIndex]!, velocityScale: 0.6 }), 'pre-place'),
  ];
}

/** From the pre-place: in to the hover, the guarded descent, the release (the load standing), out, the rest check. */
function wayIn(
  ctx: SkillContext,
  ways: PlaceWays,
  arm: Arm,
  hold: HeldObject,
  plan: PlacePlan,
  input: PlaceParams,
): Phase[] {
  const { linear, through } = ways;
  const effector = arm.endEffector;
  const front = plan.frontPath;
  return [
    front ? through(front.intoSlot, 'approach', 0.3) : linear(plan.hoverInWorld, 'approach'),
    () => {
      // A load knocked out of the hand on the way in leaves nothing to feel: the descent would go its whole search
      // margin down on an empty hand, into what stands below.
      if (!effectorHolds(arm))
        throw new SkillFailure(
          'slipped',
          `'${hold.objectId}' left the hand on the way into '${plan.goal.name}', before the descent`,
          { detail: { objectId: hold.objectId, target: plan.goal.name } },
        );
      // The wrist feels the load touch down, not an arm link pressing on a product: the descent goes no farther
      // than the links are clear, and not at all when they would meet something before the load lands.
      const { clearM, hit } = descentClearance(
        ctx,
        arm,
        toolInWorld(ctx, arm),
        plan.hoverM + input.extraDescentM,
        arm.currentState().positions,
        [hold.objectId],
      );
      if (hit && clearM < plan.hoverM + MIN_DESCENT_PAST_REST_M)
        throw new SkillFailure(
          'blocked',
          `the descent into '${plan.goal.name}' would press ${hit.link} on ${hit.hit.what} ${(clearM * 100).toFixed(1)} cm down, before '${hold.objectId}' lands`,
          { detail: { link: hit.link, what: hit.hit.what, clearM, hoverM: plan.hoverM, target: plan.goal.name } },
        );
      return guardedMove$(ctx, arm, new Vector3(0, 0, -1), {
        maxForceN: input.contactForceN,
        maxDistanceM: clearM,
        velocityScale: 0.1,
      }).pipe(
        catchError((error: unknown) => {
          if (!(error instanceof SkillFailure) || error.reason !== 'missed') throw error;
          // Where the load is says which of the causes it was: not reached, not felt, or not held.
          const load = loadAfterMiss(ctx, arm, hold, plan);
          throw new SkillFailure('missed', `${error.message}: ${load.text}`, {
            detail: { ...error.detail, ...load.data, hoverM: plan.hoverM, target: plan.goal.name },
          });
        }),
      );
    },
    () => {
      // A load that leans far in the hand (its rim caught on a lip and it pivoted in the fingers) falls over when let
      // go: it is lifted back out still held, and the place fails naming it.
      const lean = releaseTilt(ctx, arm, hold, plan, input.toleranceTiltDeg);
      if (lean.tiltDeg > lean.limitDeg) return phases(...backOutHolding(ways, plan, hold, lean));
      // A finger that meets a neighbour or the slot's side on the way out stalls there, clear of the item: let go.
      if (effector?.kind === 'parallel-gripper') {
        const widthM = Math.min(effector.widthRangeM[1], (hold.gripWidthM ?? 0) + 0.03);
        return releaseGrip(effector, widthM, hold.gripWidthM, 'release');
      }
      if (effector?.kind === 'suction-cup') effector.setVacuum(false);
      return EMPTY;
    },
    settle(ctx, 200),
    act(() => ctx.blackboard.delete(HELD.of(hold.objectId))),
    ...(front
      ? [through(front.out, 'retreat')]
      : plan.retreat.map((offset) => () => {
          const now = toolInWorld(ctx, arm);
          return linear({ position: now.position.clone().add(offset), quaternion: now.quaternion }, 'retreat', 0.4)();
        })),
    settle(ctx, input.settleMs),
    act(() => {
      // An item that fell on the release can be tidied away by then (a store's staff pick it off the floor).
      const rest = ctx.world.object(hold.objectId)?.poseInWorld;
      if (rest === undefined) {
        throw new SkillFailure(
          'missed',
          `'${hold.objectId}' was taken out of the world after its release, before it came to rest at '${plan.goal.name}'`,
          { detail: { object: hold.objectId, target: plan.goal.name } },
        );
      }
      const error = restError(rest, plan.objectAtRest);
      const tiltDeg = (error.tiltRad * 180) / Math.PI;
      const data = { positionErrorM: error.positionM, tiltDeg, target: plan.goal.name };
      if (error.positionM > input.toleranceM || tiltDeg > input.toleranceTiltDeg) {
        throw new SkillFailure(
          'missed',
          `'${hold.objectId}' came to rest ${(error.positionM * 100).toFixed(1)} cm / ${tiltDeg.toFixed(1)}° from the intended pose at '${plan.goal.name}'`,
          { detail: data },
        );
      }
      return { message: 'placed', fraction: 1, data };
    }),
  ];
}
