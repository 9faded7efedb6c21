import {
  EMPTY,
  concat,
  of,
  catchError,
  defer,
  filter,
  finalize,
  ignoreElements,
  map,
  take,
  throwError,
  timeout as rxTimeout,
  TimeoutError,
  timer,
  type Observable,
} from 'rxjs';
import { Vector3 } from 'three';
import { z } from 'zod';
import type { ParallelGripper, SuctionCup } from '../hardware/end-effector.ts';
import type { ForceTorqueSensor, Wrench } from '../hardware/force-torque-sensor.ts';
import { composePoses, invertPose, type Pose } from '../src/math/pose.ts';
import type { SkillContext } from '../src/skill/context.ts';
import { defineSkill } from '../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../src/skill/events.ts';
import { SkillFailure } from '../src/skill/failure.ts';
import type { KnownObject } from '../src/world/world-model.ts';
import { execute, executeThrough } from './arm/motion.ts';
import { PLAN } from './planning/plan-key.ts';
import { refinePickMotion } from './planning/planned-pick.ts';
import { lineSamples, swingLegs, type PickMotion } from './planning/pick-motion.ts';
import type { Arm } from '../hardware/arm.ts';
import { CUP_LEAST_PRESS_M, EffectorInput } from './arm/effectors.ts';
import { gripForceFor } from './force/grip-force.ts';
import { guardedMove$ } from './force/guarded-move.ts';
import { forceInWorld, GRAVITY_MPS2, sensorRotationInWorld } from './force/wrench.ts';
import { HELD } from './arm/held-objects.ts';
import { act, phases, settle } from '../src/skill/phases.ts';
import { planGrasp, type GraspPlan } from './grasping/plan-grasp.ts';
import { targetStill } from './grasping/target-still.ts';
import { latest, toolInWorld, worldToArmBase } from './arm/robot-frames.ts';
import { knownObject } from '../src/skill/known-object.ts';

/** Input of `grasp`. */
export const GraspInput = z.strictObject({
  /** Id of the object in the world model. */
  object: z.string().min(1),
  effector: EffectorInput,
  /** Pre-grasp stand-off along the approach, m. */
  approachDistanceM: z.number().positive().default(0.1),
  /** Verification lift, m: the wrist must show the payload after it. */
  liftM: z.number().positive().default(0.03),
  /** Height above the grasp to retreat to after verification, m. */
  retreatM: z.number().positive().default(0.08),
  /** Squeeze force; by default from the object's mass and friction. */
  gripForceN: z.number().positive().optional(),
  /** The wrist payload must be at least this fraction of m·g after the lift. */
  payloadTolerance: z.number().gt(0).lt(1).default(0.5),
});
export type GraspParams = z.infer<typeof GraspInput>;

/** Squeeze of an empty gripper closed before the swing to the pre-grasp, N: brings the fingers in, holds nothing. */
const CLOSE_FOR_SWING_N = 10;
/** Suction: contact force that seats the cup on the face, N. */
const CUP_SEAT_FORCE_N = 4;
/** How far past the planned face the cup's guarded approach searches for it, m. */
const CUP_SEARCH_PAST_FACE_M = 0.02;
const SEAL_TIMEOUT_MS = 400;
const SETTLE_MS = 150;
/** Rest before the free-air tare, so the hand's swing after the pre-grasp motion has died down, ms. */
const TARE_SETTLE_MS = 100;
/** Window the payload is averaged over after the lift, ms. */
const AVERAGE_MS = 200;

/**
 * Grasps an object from the world model: picks the best grasp over every suitable arm (antipodal gripper
 * grasps and suction faces, ranked by quality, IK reachability and a free approach corridor), then pre-grasp →
 * approach → close with a force from the object's mass and friction (or seal) → verify (fingers stalled on
 * something, wrist F/T shows the payload after a small lift) → retreat. Leaves a hold record for `place`.
 * Fails `no-grasp`, `unreachable`, `missed` (the target moved from where the grasp was planned, closed empty, no
 * seal), `slipped` (no payload after the lift).
 *
 * @example
 * runSkill(grasp({ object: 'can-1', effector: 'gripper' }), ctx)
 */
export const grasp = defineSkill({
  name: 'grasp',
  description: 'choose a grasp from the object geometry, approach, close or seal, verify the payload, retreat',
  input: GraspInput,
  ports: ({ object }) => ({ optionalInputs: [PLAN.of(object).name], outputs: [HELD.of(object).name] }),
  run: (input, ctx) =>
    defer(() => {
      const object = requireObject(ctx, input.object);
      const planned = ctx.blackboard.get(PLAN.of(input.object));
      if (planned && !planned.pick) return of({ message: 'already held' });
      if (planned?.pick) {
        // The plan's pick, solved again from where the robot arrived: the samples checked here are the ones sent.
        const motion = refinePickMotion(ctx, object, planned);
        return executeGrasp(ctx, object, graspPlanOf(motion), input, motion);
      }
      const plan = planGrasp(ctx, object, {
        effector: input.effector,
        approachDistanceM: input.approachDistanceM,
        liftM: input.liftM,
      });
      return executeGrasp(ctx, object, plan, input);
    }),
});

/** The object, or the failure `knownObject` names: fatal for a name never known, ordinary for one taken out. */
export function requireObject(ctx: SkillContext, id: string): KnownObject {
  return knownObject(ctx.world, id);
}

/** A pick motion as the grasp plan `executeGrasp` reports and opens for. */
function graspPlanOf(motion: PickMotion): GraspPlan {
  const { choice } = motion;
  return {
    entry: choice.entry,
    candidate: choice.candidate,
    preGraspInWorld: motion.preGraspInWorld,
    graspInWorld: motion.graspInWorld,
    liftInWorld: motion.graspInWorld,
    joints: [[...motion.preGrasp], [...motion.approach[motion.approach.length - 1]!], [...motion.lift[0]!]],
    openWidthM: choice.openWidthM,
    score: choice.score,
    approachChecked: true,
  };
}

/**
 * Runs a planned grasp on the robot. With `motion` (a checked pick motion) the arm moves through exactly its joint
 * samples: ready and pre-grasp, the gripper's approach, the lift and the retreat; without, the pre-grasp is a joint
 * move and the rest are the arm's own straight-line moves.
 */
export function executeGrasp(
  ctx: SkillContext,
  object: KnownObject,
  plan: GraspPlan,
  input: GraspParams,
  motion?: PickMotion,
) {
  const { entry } = plan;
  const { arm } = entry;
  const inBase = (pose: Pose) => worldToArmBase(ctx, arm, pose);
  const approach = new Vector3(0, 0, 1).applyQuaternion(plan.graspInWorld.quaternion);
  let gripWidthM: number | undefined;
  let meanPayloadN: number | undefined;
  let objectInTool: Pose | undefined;
  const weightN = object.massKg * GRAVITY_MPS2;
  // Sized before the arm moves: a grasp whose moment about the pads no squeeze within the rating holds is refused
  // (`no-grasp`) here, not found out by a slip after the lift.
  const squeezeN =
    entry.kind === 'gripper' && input.gripForceN === undefined
      ? gripForceFor(object, entry.gripper, plan.graspInWorld)
      : undefined;
  return phases(
    act(() => ({
      message: 'plan',
      data: {
        arm: arm.name,
        effector: entry.kind,
        grasp: plan.candidate.label,
        score: plan.score,
        approachChecked: plan.approachChecked,
      },
    })),
    () => (entry.kind === 'suction' ? (entry.cup.setVacuum(false), EMPTY) : EMPTY),
    () =>
      motion
        ? pickSwing$(arm, entry.kind === 'gripper' ? entry.gripper : undefined, motion)
        : execute(arm.moveJoints({ positions: plan.joints[0], velocityScale: 0.6 }), 'pre-grasp'),
    targetStill(ctx, object, 'at the pre-grasp'),
    // Opened at the pre-grasp, in the free air above the object: a hand folded in against the body (the stow
    // posture) has no room to open its fingers.
    () => (entry.kind === 'gripper' ? execute(entry.gripper.open(plan.openWidthM), 'open') : EMPTY),
    // Zero the wrist in free air, before anything touches: squeezing an object that rests on the table pre-loads
    // the hand against it (the pads drag it down), so a tare after the close would bake that push into the bias
    // and every later reading would be off by it. The lift and the carry keep the tool's tilt, so the hand's own
    // weight stays where this tare put it.
    settle(ctx, TARE_SETTLE_MS),
    act(() => arm.wristSensor?.tare()),
    () =>
      entry.kind === 'suction'
        ? guardedMove$(ctx, arm, approach, {
            maxForceN: CUP_SEAT_FORCE_N,
            maxDistanceM: input.approachDistanceM + CUP_SEARCH_PAST_FACE_M,
            // The face is planned at the approach distance; the search past it may stop short at the arm's reach.
            minDistanceM: input.approachDistanceM + CUP_LEAST_PRESS_M,
            velocityScale: 0.2,
          }).pipe(
            catchError((e: unknown) =>
              throwError(() =>
                e instanceof SkillFailure && e.reason === 'missed'
                  ? new SkillFailure('missed', `suction cup met no face of '${object.id}'`)
                  : e,
              ),
            ),
          )
        : motion
          ? executeThrough(arm, motion.approach, 'approach', 0.3)
          : execute(
              arm.moveCartesian({ poseInBase: inBase(plan.graspInWorld), linear: true, velocityScale: 0.3 }),
              'approach',
            ),
    targetStill(ctx, object, 'before the close'),
    () =>
      entry.kind === 'gripper'
        ? closeOn(entry.gripper, object, input.gripForceN ?? squeezeN!)
        : seal(ctx, entry.cup, object),
    act(() => {
      if (entry.kind === 'gripper') gripWidthM = latest(entry.gripper.width$)?.widthM;
      // Where the object sits in the hand, read after the close centred it but before the lift sets a tall
      // object swinging: place plans from this.
      objectInTool = composePoses(invertPose(toolInWorld(ctx, arm)), requireObject(ctx, object.id).poseInWorld);
    }),
    () =>
      motion
        ? executeThrough(arm, entry.kind === 'suction' ? upFromHere(ctx, arm, input.liftM) : motion.lift, 'lift', 0.3)
        : execute(
            arm.moveCartesian({ poseInBase: inBase(plan.liftInWorld), linear: true, velocityScale: 0.3 }),
            'lift',
          ),
    settle(ctx, SETTLE_MS),
    // A tall object held at the top swings a little after the lift: the mean over a window reads its weight.
    () => (arm.wristSensor ? meanPayloadN$(ctx, arm.wristSensor, AVERAGE_MS, (n) => (meanPayloadN = n)) : EMPTY),
    act(() => {
      if (entry.kind === 'gripper' && latest(entry.gripper.objectDetected$) === false) {
        throw new SkillFailure('slipped', `'${object.id}' slipped out of the fingers during the lift`, {
          detail: { objectId: object.id },
        });
      }
      if (entry.kind === 'suction' && latest(entry.cup.sealed$) === false) {
        throw new SkillFailure('slipped', `'${object.id}' fell off the cup during the lift`, {
          detail: { objectId: object.id },
        });
      }
      const sensor = arm.wristSensor;
      const payloadN = sensor ? (meanPayloadN ?? payloadAlongGravityN(ctx, sensor.currentWrench())) : 0;
      if (sensor && payloadN < input.payloadTolerance * weightN) {
        throw new SkillFailure(
          'slipped',
          `wrist shows ${payloadN.toFixed(2)} N after the lift, expected ≈ ${weightN.toFixed(2)} N for '${object.id}'`,
          {
            detail: { objectId: object.id, payloadN, expectedN: weightN },
          },
        );
      }
      ctx.blackboard.set(HELD.of(object.id), {
        objectId: object.id,
        armName: arm.name,
        effector: entry.kind,
        objectInTool: objectInTool!,
        restQuaternion: object.poseInWorld.quaternion.clone(),
        payloadN: Math.min(payloadN, weightN),
        ...(gripWidthM === undefined ? {} : { gripWidthM }),
      });
      return { message: 'verified', data: { payloadN, expectedN: weightN } };
    }),
    () => {
      if (motion) {
        const samples = entry.kind === 'suction' ? upFromHere(ctx, arm, input.retreatM - input.liftM) : motion.retreat;
        return executeThrough(arm, samples, 'retreat', 0.4);
      }
      const retreat = {
        position: plan.graspInWorld.position.clone().add(new Vector3(0, 0, input.retreatM)),
        quaternion: plan.graspInWorld.quaternion,
      };
      return execute(arm.moveCartesian({ poseInBase: inBase(retreat), linear: true, velocityScale: 0.4 }), 'retreat');
    },
  );
}

/**
 * The planned joint swing down to the pre-grasp. An empty gripper the plan closes first (`closeFirst`: its open
 * fingers would brush something) closes before the swing, or, when it starts with the fingers on another arm's hand
 * (the fold), leaves with them as they stand and closes on the way once clear (`closeAt`): shut, the pads take the
 * hand between them (demo seed 11: the folded left cup dragged 95 mm).
 */
export function pickSwing$(
  arm: Arm,
  gripper: ParallelGripper | undefined,
  motion: Pick<PickMotion, 'closeFirst' | 'closeAt' | 'closeLeg' | 'ready' | 'preGrasp'>,
): Observable<ProgressUpdate> {
  const { beforeClose, afterClose } = swingLegs(motion);
  const close =
    motion.closeFirst && gripper
      ? execute(gripper.close(CLOSE_FOR_SWING_N), 'close for the swing', { forceN: CLOSE_FOR_SWING_N })
      : EMPTY;
  return concat(
    executeThrough(arm, beforeClose, 'leave with the fingers as they stand', 0.6),
    close,
    executeThrough(arm, afterClose, 'pre-grasp', 0.6),
  );
}

/**
 * Joint samples straight up from where the tool is now, seeded from the arm's joints now: a cup stops where it met
 * the face (a guarded move), not where the plan put the grasp, so its lift is solved from there.
 */
function upFromHere(ctx: SkillContext, arm: Arm, upM: number): number[][] {
  const tool = toolInWorld(ctx, arm);
  const up = { position: tool.position.clone().add(new Vector3(0, 0, upM)), quaternion: tool.quaternion };
  const samples = lineSamples(ctx, arm, tool, up, {}, arm.currentState().positions);
  if (!samples)
    throw new SkillFailure('unreachable', `arm ${arm.name} cannot rise ${(upM * 100).toFixed(0)} cm from here`);
  return samples;
}

/** A tared wrist reading's force along gravity in the world frame (the held load's weight), N. */
export function payloadAlongGravityN(ctx: SkillContext, wrench: Wrench): number {
  // The reading is the hand's force on the flange: a payload pulls it down, along world −z.
  return -forceInWorld(wrench, sensorRotationInWorld(ctx, wrench.frameId)).z;
}

/** Averages the payload along gravity over `windowMs` of readings, hands the mean to `done`, then completes. */
function meanPayloadN$(
  ctx: SkillContext,
  sensor: ForceTorqueSensor,
  windowMs: number,
  done: (meanN: number) => void,
): Observable<never> {
  return defer(() => {
    let sumN = 0;
    let count = 0;
    const readings = sensor.wrench$.subscribe((w) => {
      sumN += payloadAlongGravityN(ctx, w);
      count += 1;
    });
    return timer(windowMs, ctx.scheduler).pipe(
      ignoreElements(),
      finalize(() => {
        readings.unsubscribe();
        if (count > 0) done(sumN / count);
      }),
    );
  });
}

function closeOn(gripper: ParallelGripper, object: KnownObject, squeezeN: number) {
  return phases(
    () => execute(gripper.close(squeezeN), 'close', { forceN: squeezeN }),
    act(() => {
      if (latest(gripper.objectDetected$) !== true) {
        const widthM = latest(gripper.width$)?.widthM;
        throw new SkillFailure('missed', `gripper closed empty on '${object.id}'`, {
          detail: { objectId: object.id, widthM },
        });
      }
    }),
  );
}

function seal(ctx: SkillContext, cup: SuctionCup, object: KnownObject) {
  return defer(() => {
    cup.setVacuum(true);
    return cup.sealed$.pipe(
      filter((sealed) => sealed),
      take(1),
      rxTimeout({ first: SEAL_TIMEOUT_MS, scheduler: ctx.scheduler }),
      map(() => ({ message: 'sealed' })),
      catchError((error: unknown) => {
        // Only the seal deadline becomes 'missed'; a bug or a hardware fault keeps its own identity.
        cup.setVacuum(false);
        if (!(error instanceof TimeoutError)) return throwError(() => error);
        return throwError(
          () =>
            new SkillFailure('missed', `suction cup did not seal on '${object.id}' within ${SEAL_TIMEOUT_MS} ms`, {
              detail: { objectId: object.id },
            }),
        );
      }),
    );
  });
}
