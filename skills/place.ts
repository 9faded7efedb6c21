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
import { execute, executeThrough } from './arm/motion.ts';
import { findArm } from '../src/skill/find-arm.ts';
import { HELD, type HeldObject } from './arm/held-objects.ts';
import { act, phases, settle } from '../src/skill/phases.ts';
import { toolInWorld } from './arm/robot-frames.ts';
import { lineSamples } from './planning/pick-motion.ts';
import { PlaceTargetInput, resolvePlaceTarget } from './placing/place-target.ts';
import { PLAN } from './planning/plan-key.ts';
import type { KnownObject } from '../src/world/world-model.ts';
import { heldObjectPose, holdAsSeen, planPlace } from './placing/plan-place.ts';
import type { PlacePlan } from './placing/place-plan.ts';
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
      const object = knownObject(ctx.world, input.object);
      const nowPose = heldObjectPose(toolInWorld(ctx, arm), hold);
      const plan =
        plannedPlace(ctx, arm, object, hold, input.target, nowPose) ??
        planPlace(ctx, arm, object, hold, input.target, nowPose);
      // Shelf slots' ways come swept (`frontPlan`); an open surface's way to above the spot is swept here against
      // the products, before the arm moves.
      const hit = plan.frontPath ? undefined : armSweepHit(ctx, arm, plan.joints, {}, [object.id]);
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
  try {
    return planPlace(ctx, arm, object, hold, target, nowPose, {}, chain.place.plan.choice);
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

function executePlace(ctx: SkillContext, arm: Arm, hold: HeldObject, plan: PlacePlan, input: PlaceParams) {
  // A straight line from where the tool is, as IK samples from the arm's joints now: the samples solved here are
  // the ones sent, with no IK of the arm's own along the way.
  const linear =
    (pose: Pose, message: string, velocityScale = 0.3) =>
    () => {
      const samples = lineSamples(ctx, arm, toolInWorld(ctx, arm), pose, {}, arm.currentState().positions);
      if (!samples)
        throw new SkillFailure('unreachable', `arm ${arm.name} cannot follow the line to ${message} from here`);
      return executeThrough(arm, samples, message, velocityScale);
    };
  const effector = arm.endEffector;
  // Shelf slots: joint move by joint move through the plan's IK samples, the motion its sweep check passed.
  const through =
    (samples: readonly number[][], message: string, velocityScale = 0.4) =>
    () =>
      executeThrough(arm, samples, message, velocityScale);
  const front = plan.frontPath;
  return phases(
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
    front
      ? through(front.toPrePlace, 'pre-place')
      : () => execute(arm.moveJoints({ positions: plan.joints[plan.prePlaceIndex]!, velocityScale: 0.6 }), 'pre-place'),
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
  );
}
