import type { Observable } from 'rxjs';
import { Quaternion, Vector3 } from 'three';
import { makePose, type Pose } from '../src/math/pose.ts';
import {
  addDynamicObject,
  addHandBody,
  addKinematicBody,
  addStaticBox,
  bodyPose,
  setKinematicTarget,
  type SimObject,
} from './bodies.ts';
import { CompliantWrist } from './compliant-wrist.ts';
import { SimParallelGripper } from './sim-gripper.ts';
import { SimSuctionCup } from './sim-suction.ts';
import { SimWorld } from './sim-world.ts';

// Programmatic test rigs: a floor, a kinematic flange we move by hand, a compliant wrist and a hand.

export const PALM_HALF: readonly [number, number, number] = [0.03, 0.05, 0.01];
export const PAD_HALF: readonly [number, number, number] = [0.01, 0.04, 0.025];
/** Palm origin above the pad centres, m. */
export const PAD_DROP_M = 0.045;

export interface HandRig {
  readonly sim: SimWorld;
  readonly flange: number;
  readonly hand: number;
  readonly wrist: CompliantWrist;
  /** Where the flange goes next step; the rig's pre-step hook drives it. */
  flangeTarget: Pose;
}

export async function makeWorld(): Promise<SimWorld> {
  const sim = await SimWorld.create({ sleeping: false });
  addStaticBox(sim, { id: 'floor', poseInWorld: makePose([0, 0, -0.05]), halfExtentsM: [2, 2, 0.05], friction: 0.8 });
  return sim;
}

function rigWithHand(
  sim: SimWorld,
  flangePose: Pose,
  handShapes: Parameters<typeof addHandBody>[2],
  handMassKg: number,
): HandRig {
  const flange = addKinematicBody(sim, flangePose);
  const hand = addHandBody(sim, flangePose, handShapes, handMassKg, 0.8);
  const wrist = new CompliantWrist(sim, {
    name: 'wrist',
    frameId: 'ft_link',
    flangeBodyHandle: flange,
    sensorInFlange: makePose(),
    handBodyHandle: hand,
    sensorInHand: makePose(),
  });
  const rig: HandRig = { sim, flange, hand, wrist, flangeTarget: flangePose };
  sim.addPreStep(() => setKinematicTarget(sim, flange, rig.flangeTarget));
  return rig;
}

/** A parallel gripper hanging from a flange at `flangePose`; pads move along x, 0.1 m max opening. */
export function gripperRig(sim: SimWorld, flangePose: Pose, maxForceN = 40): HandRig & { gripper: SimParallelGripper } {
  const rig = rigWithHand(
    sim,
    flangePose,
    [{ shape: { kind: 'box', halfExtentsM: PALM_HALF }, poseInBody: makePose() }],
    0.6,
  );
  // Finger frames sit at the pad's inner face; the pads meet at the palm's axis when closed.
  const pad = (side: 1 | -1) => ({
    name: side > 0 ? 'finger_a' : 'finger_b',
    closedOriginInHand: new Vector3(0, 0, -PAD_DROP_M),
    openingAxisInHand: new Vector3(side, 0, 0),
    strokeM: 0.05,
    shapes: [
      { shape: { kind: 'box' as const, halfExtentsM: PAD_HALF }, poseInFinger: makePose([side * PAD_HALF[0], 0, 0]) },
    ],
    massKg: 0.05,
  });
  const gripper = new SimParallelGripper(sim, {
    name: 'gripper',
    part: 'gripper/test',
    handBodyHandle: rig.hand,
    fingers: [pad(1), pad(-1)] as const,
    maxWidthM: 0.1,
    maxForceN,
  });
  return Object.assign(rig, { gripper });
}

/** A suction cup (cylinder, face down) hanging from a flange at `flangePose`. */
export function suctionRig(
  sim: SimWorld,
  flangePose: Pose,
  diameterM = 0.03,
  vacuumKPa = 60,
): HandRig & { cup: SimSuctionCup } {
  const rig = rigWithHand(
    sim,
    flangePose,
    [
      {
        shape: { kind: 'cylinder', radiusM: diameterM / 2 + 0.002, heightM: 0.04 },
        poseInBody: makePose([0, 0, -0.02]),
      },
    ],
    0.4,
  );
  const cup = new SimSuctionCup(sim, {
    name: 'suction',
    part: 'suction/test',
    cupBodyHandle: rig.hand,
    faceInCup: makePose([0, 0, -0.04], new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI)),
    diameterM,
    vacuumKPa,
  });
  return Object.assign(rig, { cup });
}

export function addBox(
  sim: SimWorld,
  id: string,
  sizeM: readonly [number, number, number],
  position: readonly [number, number, number],
  massKg: number,
  friction = 1,
): SimObject {
  return addDynamicObject(sim, {
    id,
    shape: { kind: 'box', halfExtentsM: [sizeM[0] / 2, sizeM[1] / 2, sizeM[2] / 2] },
    poseInWorld: makePose(position),
    material: { friction, massKg },
  });
}

export function positionOf(sim: SimWorld, bodyHandle: number): Vector3 {
  return bodyPose(sim, bodyHandle).position;
}

/** Moves the rig's flange linearly from its present target by `delta` over `durationMs`. */
export function moveFlange(rig: HandRig, delta: readonly [number, number, number], durationMs: number): void {
  const start = rig.flangeTarget.position.clone();
  const n = Math.max(1, Math.round(durationMs / (rig.sim.dtS * 1000)));
  for (let i = 1; i <= n; i++) {
    rig.flangeTarget = makePose(
      start.clone().add(new Vector3(...delta).multiplyScalar(i / n)),
      rig.flangeTarget.quaternion,
    );
    rig.sim.step();
  }
}

/** Runs a cold motion to completion in sim time; returns how it ended. */
export function runMotion(
  sim: SimWorld,
  execution$: Observable<unknown>,
  limitMs = 5000,
): 'completed' | 'running' | Error {
  let outcome: 'completed' | 'running' | Error = 'running';
  const sub = execution$.subscribe({ complete: () => (outcome = 'completed'), error: (e: Error) => (outcome = e) });
  sim.runUntil(() => outcome !== 'running', limitMs);
  sub.unsubscribe();
  return outcome;
}

/** Lowers the flange at `speedMps` until the tared force along sensor z reaches `forceN` or `maxTravelM` is used up. */
export function guardedDescend(rig: HandRig, forceN: number, speedMps: number, maxTravelM: number): boolean {
  const dz = speedMps * rig.sim.dtS;
  for (let travelled = 0; travelled < maxTravelM; travelled += dz) {
    if (rig.wrist.currentWrench().forceN[2] >= forceN) return true;
    rig.flangeTarget = makePose(
      rig.flangeTarget.position.clone().setZ(rig.flangeTarget.position.z - dz),
      rig.flangeTarget.quaternion,
    );
    rig.sim.step();
  }
  return rig.wrist.currentWrench().forceN[2] >= forceN;
}
