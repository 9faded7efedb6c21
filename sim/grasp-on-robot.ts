import type { Observable } from 'rxjs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { HardwareFault } from '../hardware/common.ts';
import { matrixToPose, poseToMatrix } from '../src/math/pose.ts';
import { bodyPose } from './bodies.ts';
import type { Simulation } from './build-scene.ts';
import { GROUP } from './collision-groups.ts';
import type { ParallelJawModel } from './grasp-trial/types.ts';
import type { SimArm } from './sim-arm.ts';
import { SimParallelGripper } from './sim-gripper.ts';

/** One labelled grasp to run on a robot: the gripper pose in the object's frame and the trial's physics values. */
export interface RobotGrasp {
  /** Datagen gripper frame (x closing, z approach, origin at the hand base) in the object frame. */
  readonly gripperInObject: Matrix4;
  readonly massKg: number;
  readonly friction: number;
  /** Per-finger force limit, N. */
  readonly effortN: number;
}

/** How the arm ran a grasp: scored outcomes (`held`, `dropped`, `no-contact`) or why it could not be run. */
export type RobotGraspOutcome =
  | 'held'
  | 'dropped'
  | 'no-contact'
  /** No IK solution for the stand-off, the grasp or the straight approach between them. */
  | 'unreachable'
  /** The open gripper overlaps a fixture (the table under the object) at the grasp or on its approach. */
  | 'fixture-blocked'
  /** An arm link touched a fixture on the way (protective stop). */
  | 'arm-collision';

/** The protocol the arm runs; the datagen trial's counterpart, with the arm's own motion limits. */
export const ROBOT_GRASP_PROTOCOL = {
  /** Stand-off along the approach axis before the straight approach, m. */
  standOffM: 0.1,
  approachVelocityScale: 0.3,
  closeSpeedMps: 0.1,
  liftM: 0.1,
  holdMs: 1000,
  /** Slack around the open gripper's boxes when checking fixtures, m. */
  fixtureClearanceM: 0.001,
  /** Sim time any one motion may take before the grasp counts as failed, ms. */
  motionLimitMs: 15_000,
} as const;

/**
 * Runs one labelled grasp with a robot's own arm and gripper in a sim whose object rests where the scene put it:
 * stand off along the approach, open, move straight in, close with the label's force, lift straight up, hold.
 * Held means the object rose with the hand and its grasped point stayed within `heldSlipM` of the pads' midpoint
 * (the datagen rule). The object's friction and mass are set to the trial's first.
 */
export function runGraspOnRobot(
  simulation: Simulation,
  robotId: string,
  objectId: string,
  jaw: ParallelJawModel,
  /** Maps the datagen gripper frame into the hand link's frame (`jawModelFromUrdf`). */
  handFromModel: Matrix4,
  grasp: RobotGrasp,
  heldSlipM: number,
  /** Hears why a grasp ended as it did (a fault's message, the final slip and rise), for reports. */
  note: (line: string) => void = () => {},
): RobotGraspOutcome {
  const { sim } = simulation;
  const robot = simulation.robots.get(robotId)!;
  const object = simulation.objects.get(objectId)!;
  const arm = robot.parts.arms[0] as SimArm;
  const gripper = arm.endEffector;
  if (!(gripper instanceof SimParallelGripper)) throw new Error(`${robotId}: the first arm has no parallel gripper`);
  const gripperLink = robot.model.extras.grippers[0]!.link;
  sim.collider(object.colliderHandle).setFriction(grasp.friction);
  sim.collider(object.colliderHandle).setMass(grasp.massKg);

  const objectInWorld = poseToMatrix(bodyPose(sim, object.bodyHandle));
  const tipInHand = robot.body.linkPose(gripperLink).clone().invert().multiply(robot.body.linkPose(arm.tipLink));
  const modelInWorld = objectInWorld.clone().multiply(grasp.gripperInObject);
  const approach = new Vector3().setFromMatrixColumn(modelInWorld, 2).normalize();
  const standOff = new Matrix4()
    .makeTranslation(approach.clone().multiplyScalar(-ROBOT_GRASP_PROTOCOL.standOffM))
    .multiply(modelInWorld);
  if (blockedByFixture(simulation, jaw, standOff, modelInWorld)) return 'fixture-blocked';
  const baseInWorld = robot.body.linkPose(arm.baseLink).clone();
  const tipInBase = (model: Matrix4) =>
    matrixToPose(
      baseInWorld.clone().invert().multiply(model).multiply(handFromModel.clone().invert()).multiply(tipInHand),
    );

  const run = (motion: Observable<unknown>): 'done' | 'unreachable' | 'arm-collision' | 'stuck' => {
    let result: 'done' | 'unreachable' | 'arm-collision' | 'stuck' | undefined;
    // Motions report from the sim's step hooks, so a plain subscription sees their end while the sim steps.
    const subscription = motion.subscribe({
      complete: () => (result = 'done'),
      error: (error: unknown) => {
        if (!(error instanceof HardwareFault)) throw error;
        note(error.message);
        result = error.code === 'rejected' ? 'unreachable' : error.code === 'collision' ? 'arm-collision' : 'stuck';
      },
    });
    sim.runUntil(() => result !== undefined, ROBOT_GRASP_PROTOCOL.motionLimitMs);
    subscription.unsubscribe();
    return result ?? 'stuck';
  };
  const reach = (motion: Observable<unknown>): RobotGraspOutcome | undefined => {
    const r = run(motion);
    if (r === 'unreachable' || r === 'arm-collision') return r;
    return r === 'stuck' ? 'dropped' : undefined;
  };

  const failedReach =
    reach(arm.moveCartesian({ poseInBase: tipInBase(standOff) }).execution$) ??
    reach(gripper.open().execution$) ??
    reach(
      arm.moveCartesian({
        poseInBase: tipInBase(modelInWorld),
        linear: true,
        velocityScale: ROBOT_GRASP_PROTOCOL.approachVelocityScale,
      }).execution$,
    );
  if (failedReach !== undefined) return failedReach;
  if (run(gripper.close(grasp.effortN, ROBOT_GRASP_PROTOCOL.closeSpeedMps).execution$) !== 'done') return 'no-contact';
  if (gripper.widthM() < 0.002) return 'no-contact';
  // The grasped point, fixed in the object at the end of closing, is checked against the pads' midpoint at the end.
  const anchorInObject = padMidpoint(simulation, gripper).applyMatrix4(objectMatrix(simulation, objectId).invert());
  const startZ = sim.body(object.bodyHandle).translation().z;
  const liftedTip = arm.toolPoseInBase();
  liftedTip.position.add(
    new Vector3(0, 0, ROBOT_GRASP_PROTOCOL.liftM).applyQuaternion(
      new Quaternion().setFromRotationMatrix(baseInWorld).invert(),
    ),
  );
  const lift = run(arm.moveCartesian({ poseInBase: liftedTip, linear: true }).execution$);
  if (lift === 'unreachable') return 'unreachable';
  if (lift === 'arm-collision') return 'arm-collision';
  sim.runFor(ROBOT_GRASP_PROTOCOL.holdMs);
  const anchorNow = anchorInObject.applyMatrix4(objectMatrix(simulation, objectId));
  const slipM = anchorNow.distanceTo(padMidpoint(simulation, gripper));
  const riseM = sim.body(object.bodyHandle).translation().z - startZ;
  const rose = riseM > 0.5 * ROBOT_GRASP_PROTOCOL.liftM;
  note(
    `slip ${(slipM * 1000).toFixed(1)} mm, rise ${(riseM * 1000).toFixed(1)} mm, width ${(gripper.widthM() * 1000).toFixed(1)} mm`,
  );
  return rose && slipM <= heldSlipM && gripper.widthM() > 0.002 ? 'held' : 'dropped';
}

function objectMatrix(simulation: Simulation, objectId: string): Matrix4 {
  return poseToMatrix(bodyPose(simulation.sim, simulation.objects.get(objectId)!.bodyHandle));
}

function padMidpoint(simulation: Simulation, gripper: SimParallelGripper): Vector3 {
  const mid = new Vector3();
  for (const h of gripper.fingerBodyHandles) {
    const t = simulation.sim.body(h).translation();
    mid.add(new Vector3(t.x, t.y, t.z));
  }
  return mid.multiplyScalar(1 / gripper.fingerBodyHandles.length);
}

/**
 * True when the open gripper's boxes (palm and both pads at full opening), slightly inflated, overlap a fixture at
 * the stand-off, the grasp, or anywhere on the straight line between (checked every centimetre).
 */
function blockedByFixture(simulation: Simulation, jaw: ParallelJawModel, from: Matrix4, to: Matrix4): boolean {
  const { sim } = simulation;
  const margin = ROBOT_GRASP_PROTOCOL.fixtureClearanceM;
  const padX = jaw.maxOpeningM / 2 + jaw.padHalfM[0];
  const boxes: { centre: Vector3; half: readonly [number, number, number] }[] = [
    { centre: new Vector3(0, 0, jaw.palmCentreZM), half: jaw.palmHalfM },
    { centre: new Vector3(padX, 0, jaw.padCentreZM), half: jaw.padHalfM },
    { centre: new Vector3(-padX, 0, jaw.padCentreZM), half: jaw.padHalfM },
  ];
  const shapes = boxes.map((b) => new sim.rapier.Cuboid(b.half[0] + margin, b.half[1] + margin, b.half[2] + margin));
  const start = new Vector3().setFromMatrixPosition(from);
  const end = new Vector3().setFromMatrixPosition(to);
  const rotation = new Quaternion().setFromRotationMatrix(to);
  const steps = Math.max(1, Math.ceil(start.distanceTo(end) / 0.01));
  // Only fixtures: a query member of the hand group that filters for fixtures alone.
  const groups = (GROUP.hand << 16) | GROUP.fixture;
  for (let s = 0; s <= steps; s++) {
    const origin = start.clone().lerp(end, s / steps);
    for (const [i, b] of boxes.entries()) {
      const centre = b.centre.clone().applyQuaternion(rotation).add(origin);
      let hit = false;
      sim.world.intersectionsWithShape(
        centre,
        rotation,
        shapes[i]!,
        () => {
          hit = true;
          return false;
        },
        undefined,
        groups,
      );
      if (hit) return true;
    }
  }
  return false;
}
