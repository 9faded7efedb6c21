import { describe, expect, it } from 'vitest';
import type { SimArm } from '../../sim/sim-arm.ts';
import { SimRobot } from '../../sim/sim-robot.ts';
import { SimWorld } from '../../sim/sim-world.ts';
import { loadUrdf } from '../../src/kinematics/urdf-parser.ts';
import { makePose } from '../../src/math/pose.ts';
import { runMotion } from '../../sim/hand-rigs.ts';

const URDF = new URL('../../hardware/robots/ur-arm.urdf', import.meta.url).pathname;
const HOME: Readonly<Record<string, number>> = {
  shoulder_pan_joint: 0,
  shoulder_lift_joint: -1.3,
  elbow_joint: 1.6,
  wrist_1_joint: -1.87,
  wrist_2_joint: -1.5708,
  wrist_3_joint: 0,
};

async function urArm(): Promise<{ sim: SimWorld; arm: SimArm }> {
  const sim = await SimWorld.create({ sleeping: false });
  const model = await loadUrdf(URDF);
  const robot = new SimRobot(sim, {
    id: 'ur',
    model,
    rootInWorld: makePose([0, 0, 0]),
    initialJointPositions: HOME,
  });
  return { sim, arm: robot.parts.arms[0] as SimArm };
}

describe('the sim arm follows multi-point trajectories', () => {
  it('passes timed points at their times (as a joint trajectory controller does)', async () => {
    const { sim, arm } = await urArm();
    const start = arm.currentState().positions;
    const at = (dq: number): number[] => start.map((q, i) => (i === 0 ? q + dq : q));
    const motion = arm.followTrajectory({
      points: [
        { positions: at(0.2), timeFromStartMs: 500 },
        { positions: at(0.6), timeFromStartMs: 1000 },
      ],
    });
    expect(motion.applied.durationMs).toBe(1000);
    const seen: { timeMs: number; q: number }[] = [];
    const startMs = sim.timeMs;
    arm.jointState$.subscribe((s) => seen.push({ timeMs: s.stampMs - startMs, q: s.positions[0]! - start[0]! }));
    expect(runMotion(sim, motion.execution$, 3000)).toBe('completed');
    const near = (tMs: number): number =>
      seen.reduce((a, b) => (Math.abs(b.timeMs - tMs) < Math.abs(a.timeMs - tMs) ? b : a)).q;
    expect(near(500)).toBeCloseTo(0.2, 2);
    expect(near(1000)).toBeCloseTo(0.6, 2);
    expect(near(250)).toBeCloseTo(0.1, 2);
  });

  it('runs an untimed path through every point without stopping at them', async () => {
    const { sim, arm } = await urArm();
    const start = arm.currentState().positions;
    const samples = [0.1, 0.2, 0.3, 0.4].map((dq) => start.map((q, i) => (i === 0 ? q + dq : q)));
    const joined = arm.followTrajectory({ points: samples.map((positions) => ({ positions })) });
    // One trapezoid over the whole way is shorter than four moves that each stop.
    const oneMove = arm.moveJoints({ positions: samples[0]! }).applied.durationMs;
    expect(joined.applied.durationMs).toBeLessThan(4 * oneMove * 0.6);
    const speeds: number[] = [];
    arm.jointState$.subscribe((s) => speeds.push(Math.abs(s.velocities[0]!)));
    expect(runMotion(sim, joined.execution$, 5000)).toBe('completed');
    expect(arm.currentState().positions[0]).toBeCloseTo(start[0]! + 0.4, 6);
    // Between the first and last tenth of the motion the shoulder never comes to rest.
    const moving = speeds.slice(Math.floor(speeds.length * 0.2), Math.floor(speeds.length * 0.7));
    expect(Math.min(...moving)).toBeGreaterThan(0.05);
  });
});
