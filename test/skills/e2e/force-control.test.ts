import { describe, expect, it } from 'vitest';
import { Quaternion, Vector3 } from 'three';
import type { SimParallelGripper } from '../../../sim/sim-gripper.ts';
import { forceControl } from '../../../skills/force/force-control.ts';
import { guardedMove } from '../../../skills/force/guarded-move.ts';
import { toolInWorld, worldToArmBase } from '../../../skills/arm/robot-frames.ts';
import { runMotion } from '../../../sim/hand-rigs.ts';
import { runInSim, simHarness, type SimHarness } from './sim-harness.ts';

const TABLE_TOP_Z = 0.75;
/** The UR pads reach 15 mm past the tool frame (URDF). */
const PAD_TIP_BELOW_TOOL_M = 0.015;

/** The UR arm with its gripper closed, tool pointing down, pad tips `gapM` above the table at (x, y). */
async function closedHandAbove(x: number, y: number, gapM: number): Promise<SimHarness> {
  const h = await simHarness('tabletop.yaml', 'ur', 1);
  const { robot } = h.ctx;
  const arm = robot.parts.arms[0]!;
  const down = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI);
  const tool = { position: new Vector3(x, y, TABLE_TOP_Z + PAD_TIP_BELOW_TOOL_M + gapM), quaternion: down };
  expect(
    runMotion(h.simulation.sim, arm.moveCartesian({ poseInBase: worldToArmBase(h.ctx, arm, tool) }).execution$, 20_000),
  ).toBe('completed');
  const gripper = robot.parts.grippers[0] as SimParallelGripper;
  runMotion(h.simulation.sim, gripper.close(20).execution$, 3000);
  h.simulation.sim.runFor(200);
  arm.wristSensor!.tare();
  return h;
}

describe('force feedback on the simulated UR arm (compliant wrist, real contact)', () => {
  it('forceControl presses the closed fingers on the table at 5 N while sliding them 16 cm across it', async () => {
    const h = await closedHandAbove(0.3, -0.08, 0.01);
    try {
      const arm = h.ctx.robot.parts.arms[0]!;
      const start = toolInWorld(h.ctx, arm).position.clone();
      const run = runInSim(
        h,
        forceControl({ arm: 'arm', axis: [0, 0, -1], targetN: 5, moveM: [0, 0.16, 0], durationMs: 4000 }),
        10_000,
      );
      expect(run.outcome.failure?.describe()).toBeUndefined();
      expect(run.outcome.done).toBe(true);
      const readings = run.events
        .filter((e) => e.message === 'force')
        .map((e) => ({ fraction: e.fraction ?? 0, pressingN: Number(e.data?.pressingN) }));
      // Free air first (the pads start 1 cm up), then the loop settles on the target and holds it while sliding.
      expect(readings[0]!.pressingN).toBeLessThan(0.5);
      const sliding = readings
        .filter((r) => r.fraction > 0.4)
        .map((r) => r.pressingN)
        .sort((a, b) => a - b);
      const median = sliding[sliding.length >> 1]!;
      expect(median).toBeGreaterThan(4);
      expect(median).toBeLessThan(6);
      expect(sliding[Math.floor(sliding.length * 0.9)]!).toBeLessThan(8);
      const end = toolInWorld(h.ctx, arm).position;
      expect(end.y - start.y).toBeCloseTo(0.16, 2);
      // Pressed into contact: the tips are at the table top, within the contact softness.
      expect(end.z - PAD_TIP_BELOW_TOOL_M - TABLE_TOP_Z).toBeLessThan(0.003);
      expect(end.z - PAD_TIP_BELOW_TOOL_M - TABLE_TOP_Z).toBeGreaterThan(-0.004);
    } finally {
      h.simulation.free();
    }
  });

  it('guardedMove lowers the hand until the wrist feels 10 N from the table, and stops there', async () => {
    const h = await closedHandAbove(0.3, 0, 0.04);
    try {
      const arm = h.ctx.robot.parts.arms[0]!;
      const run = runInSim(
        h,
        guardedMove({ arm: 'arm', direction: [0, 0, -1], maxForceN: 10, maxDistanceM: 0.1 }),
        10_000,
      );
      expect(run.outcome.failure?.describe()).toBeUndefined();
      const tipZ = toolInWorld(h.ctx, arm).position.z - PAD_TIP_BELOW_TOOL_M;
      expect(tipZ - TABLE_TOP_Z).toBeLessThan(0.003);
      expect(tipZ - TABLE_TOP_Z).toBeGreaterThan(-0.006);
      // Stopped: a second later the tool has not moved further down.
      h.simulation.sim.runFor(1000);
      const later = toolInWorld(h.ctx, arm).position.z - PAD_TIP_BELOW_TOOL_M;
      expect(Math.abs(later - tipZ)).toBeLessThan(2e-4);
    } finally {
      h.simulation.free();
    }
  });
});
