import type { Rapier } from '../rapier.ts';
import { configureSolver } from '../solver-config.ts';
import { driveParallelJaw, jawParts, jawTravel, jawTravelRecord } from './jaw-drive.ts';
import type { JawJoints } from './jaw-joints.ts';
import { buildParallelJaw, type JawFinger } from './parallel-jaw.ts';

// How deep a jaw's pads sink into a box they squeeze (bench/pad-sink.ts, test/sim/pad-sink.test.ts). Rapier's contacts
// are soft springs whose stiffness is the contact's effective mass times (2π·contact_natural_frequency)²: a pad
// pressing with F sinks about F / (points · m_eff · ω²). The effective mass at a pad's corner is small: the 50 g
// finger turns about its centre, and a corner 25 mm off it meets the finger's turning inertia (about 1e-5 kg·m²)
// more than its mass, so the finger's joints (which hold its turn) play no part in the contact's own solve.

/** One measurement's object and squeeze, and the one setting it changes from the world the robot runs. */
export interface PadSinkSettings {
  readonly massKg?: number;
  readonly forceN?: number;
  readonly joints?: JawJoints;
  readonly solverIterations?: number;
  readonly fingerExtraSolverIterations?: number;
  /** Rapier's `normalizedAllowedLinearError` (its default 1 mm). */
  readonly allowedLinearErrorM?: number;
  readonly contactNaturalFrequencyHz?: number;
  /** Each finger's turning inertia times this (its mass unchanged). */
  readonly fingerTurnInertiaScale?: number;
  readonly fingerMassScale?: number;
}

/** What the pads did once the squeeze settled (the last second of 1.25 s), m and degrees. */
export interface PadSink {
  /** The deepest contact point of each pad, mean over pads and steps: the penetration the solver leaves. */
  readonly contactDepthM: number;
  /** Half the box's width less the jaw's travel, largest over the steps: what the jaw reads as the sink. */
  readonly travelSinkM: number;
  /** The first finger's largest turn from the hand's orientation: the joints yielding, if they do. */
  readonly fingerTiltDeg: number;
}

/** The box squeezed: 60 mm across the pads, 40 mm along them, 80 mm along the approach. */
const BOX_HALF_M = [0.03, 0.02, 0.04] as const;
const STEPS = 300;
const SETTLED_FROM = 60;

/**
 * Squeezes a weightless box, centred on the pads, between `fingers` on a fixed hand in a world solved as the robot's
 * and the trials' are (`SOLVER`), with the one setting of `settings` changed, and reads how deep the pads sink.
 */
export function measurePadSink(
  rapier: Rapier,
  fingers: readonly [JawFinger, JawFinger],
  settings: PadSinkSettings = {},
): PadSink {
  const { massKg = 0.2, forceN = 40, joints = 'lean-linkage' } = settings;
  const world = new rapier.World({ x: 0, y: 0, z: 0 });
  try {
    configureSolver(world);
    const p = world.integrationParameters;
    if (settings.solverIterations !== undefined) world.numSolverIterations = settings.solverIterations;
    if (settings.allowedLinearErrorM !== undefined) p.normalizedAllowedLinearError = settings.allowedLinearErrorM;
    if (settings.contactNaturalFrequencyHz !== undefined)
      p.contact_natural_frequency = settings.contactNaturalFrequencyHz;
    const scaled = fingers.map((f) => ({ ...f, massKg: f.massKg * (settings.fingerMassScale ?? 1) })) as [
      JawFinger,
      JawFinger,
    ];
    const hand = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased());
    const width = 2 * BOX_HALF_M[0];
    const jaw = buildParallelJaw(rapier, world, hand, scaled, 0xffffffff, width + 0.004, joints);
    for (const handle of jaw.fingerBodies) {
      const finger = world.getRigidBody(handle);
      if (settings.fingerExtraSolverIterations !== undefined)
        finger.setAdditionalSolverIterations(settings.fingerExtraSolverIterations);
      const k = (settings.fingerTurnInertiaScale ?? 1) - 1;
      if (k !== 0) {
        const i = finger.principalInertia();
        finger.setAdditionalMassProperties(
          0,
          { x: 0, y: 0, z: 0 },
          { x: i.x * k, y: i.y * k, z: i.z * k },
          { x: 0, y: 0, z: 0, w: 1 },
          true,
        );
      }
    }
    // Between the pads: the fingers' closed origins are their pads' centres.
    const centre = scaled[0].closedOriginInHand.clone().add(scaled[1].closedOriginInHand).multiplyScalar(0.5);
    const box = world.createRigidBody(
      rapier.RigidBodyDesc.dynamic().setTranslation(centre.x, centre.y, centre.z).setCanSleep(false),
    );
    const boxCollider = world.createCollider(
      rapier.ColliderDesc.cuboid(...BOX_HALF_M)
        .setMass(massKg)
        .setFriction(1)
        .setFrictionCombineRule(rapier.CoefficientCombineRule.Min),
      box,
    );
    const parts = jawParts(world, hand, jaw);
    const travel = jawTravelRecord();
    // Each finger's pad colliders (one box, or a bench's segments), read as one pad.
    const pads = jaw.padColliders.map((f) => f.map((c) => world.getCollider(c)));
    let depthSum = 0;
    let depthCount = 0;
    let travelSinkM = 0;
    let tiltRad = 0;
    for (let k = 0; k < STEPS; k++) {
      jawTravel(parts, scaled, travel);
      // Close onto the box for a few steps, then squeeze (the servo saturating at the force).
      driveParallelJaw(parts, scaled, { travelM: width - 0.01, forceN, squeeze: k >= 20 }, travel);
      world.step();
      if (k < SETTLED_FROM) continue;
      jawTravel(parts, scaled, travel);
      travelSinkM = Math.max(travelSinkM, (width - travel.travelM) / 2);
      for (const pad of pads) {
        let deepest = 0;
        for (const segment of pad)
          world.contactPair(segment, boxCollider, (m) => {
            for (let i = 0; i < m.numContacts(); i++) deepest = Math.min(deepest, m.contactDist(i));
          });
        depthSum -= deepest;
        depthCount++;
      }
      const q = world.getRigidBody(jaw.fingerBodies[0]).rotation();
      tiltRad = Math.max(tiltRad, 2 * Math.acos(Math.min(1, Math.abs(q.w))));
    }
    return { contactDepthM: depthSum / depthCount, travelSinkM, fingerTiltDeg: (tiltRad * 180) / Math.PI };
  } finally {
    world.free();
  }
}
