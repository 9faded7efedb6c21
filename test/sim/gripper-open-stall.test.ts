import { describe, expect, it } from 'vitest';
import { Quaternion, Vector3 } from 'three';
import { HardwareFault } from '../../hardware/common.ts';
import { makePose } from '../../src/math/pose.ts';
import { addStaticBox } from '../../sim/bodies.ts';
import { openBoundMs } from '../../sim/sim-gripper.ts';
import { gripperRig, makeWorld, PAD_DROP_M, PAD_HALF, PALM_HALF, runMotion } from '../../sim/hand-rigs.ts';

// A release that opens the fingers against a fixture (the put-back in the restock demo at f6655cb, seed 4: one
// finger met the tote's wall) must end as a GripperCommand does, `stalled` short of the goal, not wait forever.
// Before the fix the opening waited for the finger bodies to be still, and a finger pressed on a wall reads a
// steady 1 cm/s from the solver's correction while it stays put: the motion never ended.

const FLANGE_Z_M = 0.3;
const OPEN_SPEED_MPS = 0.1;
/** Free travel of finger a, along its opening axis, from closed to the first touch of the wall. */
const FREE_TRAVEL_M = 0.015;
/** The wall stops 5 mm under the palm (when square), so a tilt about the approach cannot put it through the palm. */
const WALL_HALF_M: readonly [number, number, number] = [0.01, 0.1, 0.05];
const WALL_Z_M = FLANGE_Z_M - PALM_HALF[2] - 0.005 - WALL_HALF_M[2];

/**
 * The wall's pose for a tilt `q` about its centre: its near face `FREE_TRAVEL_M` along x beyond the point of finger
 * a's closed pad nearest to it. (At 737e13b the wall was tilted about a fixed centre: tilted about the approach, it
 * began 8 mm inside the pad and 22 mm inside the palm, and held the hand 19 mm off its flange.)
 */
function wallPose(q: Quaternion) {
  const normal = new Vector3(1, 0, 0).applyQuaternion(q);
  const padCentre = new Vector3(PAD_HALF[0], 0, FLANGE_Z_M - PAD_DROP_M);
  const padReach =
    normal.dot(padCentre) +
    Math.abs(normal.x) * PAD_HALF[0] +
    Math.abs(normal.y) * PAD_HALF[1] +
    Math.abs(normal.z) * PAD_HALF[2];
  const face = padReach + FREE_TRAVEL_M * normal.x;
  return makePose([(face + WALL_HALF_M[0] - normal.z * WALL_Z_M) / normal.x, 0, WALL_Z_M], q);
}

/** A closed gripper in free air, a fixture `wallGapM` beyond finger a's outer face, tilted `tiltRad` about `axis`. */
async function openAgainstWall(wall: { readonly axis: Vector3; readonly tiltRad: number } | undefined) {
  const sim = await makeWorld();
  const rig = gripperRig(sim, makePose([0, 0, FLANGE_Z_M]), 60);
  expect(runMotion(sim, rig.gripper.close(20, OPEN_SPEED_MPS).execution$, 2000)).toBe('completed');
  if (wall !== undefined) {
    // Finger a's pad spans x 0..0.02 m when closed; square, the wall's near face is at x 0.035 m.
    addStaticBox(sim, {
      id: 'tote-wall',
      poseInWorld: wallPose(new Quaternion().setFromAxisAngle(wall.axis, wall.tiltRad)),
      halfExtentsM: WALL_HALF_M,
      friction: 0.5,
    });
  }
  const startMs = sim.timeMs;
  const outcome = runMotion(sim, rig.gripper.open(0.1, OPEN_SPEED_MPS).execution$, 60_000);
  const result = { outcome, tookMs: sim.timeMs - startMs, widthM: rig.gripper.widthM() };
  sim.free();
  return result;
}

describe('gripper opening (reached goal or stalled, never endless)', () => {
  it('reaches the goal in free air within the ramp and a stall window', async () => {
    const r = await openAgainstWall(undefined);
    expect(r.outcome).toBe('completed');
    expect(r.widthM).toBeGreaterThan(0.1 - 0.004);
    // The ramp (0.1 m at 0.1 m/s) plus the servo's settling: well under a quarter second more.
    expect(r.tookMs).toBeLessThan(1000 + 250);
  });

  for (const [label, axis, deg] of [
    ['a wall square to the finger', new Vector3(0, 0, 1), 0],
    ['a wall tilted 30° about the approach', new Vector3(0, 0, 1), 30],
    ['a wall tilted 30° about the finger length', new Vector3(0, 1, 0), 30],
  ] as const) {
    it(`fails 'stalled' short of the goal against ${label}, with the width it stopped at`, async () => {
      const r = await openAgainstWall({ axis, tiltRad: (deg * Math.PI) / 180 });
      expect(r.outcome).toBeInstanceOf(HardwareFault);
      const fault = r.outcome as HardwareFault;
      expect(fault.code).toBe('stalled');
      expect(fault.part).toBe('gripper/test');
      expect(fault.detail).toMatchObject({ reachedGoal: false, stalled: true });
      expect(fault.detail['widthM']).toBeCloseTo(r.widthM, 3);
      expect(r.widthM).toBeLessThan(0.1 - 0.004);
      // Ended by the stall rule, not by the bound that catches an opening that neither arrives nor stalls.
      expect(fault.message).toMatch(/ stalled at /);
      expect(r.tookMs).toBeLessThan(openBoundMs(1, 0.1));
      // The ramp, one stall window and the servo's settling would end it by 1250 ms. Against a tilted wall it ends
      // later (1575 and 1796 ms on the two tilted walls at 7090ffc): finger a's pad sinks 12-19 mm into the
      // static wall and creeps on at 4-7 mm/s after the ramp, above the stall speed, because the fingers' rotation
      // is held only by their prismatic joints, solved iteratively (locked on the finger bodies it sinks 2-3 mm and
      // stalls by 1083 ms). A known fault of the jaw's joints, left for the next stop; this bound keeps it from
      // growing.
      expect(r.tookMs).toBeLessThan(deg === 0 ? 1000 + 250 : 2000);
    });
  }
});
