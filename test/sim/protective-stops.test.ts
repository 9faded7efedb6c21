import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HardwareFault } from '../../hardware/common.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { createSimulation, type Simulation } from '../../sim/build-scene.ts';
import { HAND_PRESS_LIMIT_N } from '../../sim/protective-stop.ts';
import type { SimArm } from '../../sim/sim-arm.ts';
import type { SimMobileBase } from '../../sim/sim-base.ts';
import { makePose } from '../../src/math/pose.ts';

async function sceneSim(file: string, handPressStop?: boolean): Promise<Simulation> {
  const scene = await loadScene(new URL(`../../scenes/${file}`, import.meta.url).pathname);
  const simulation = await createSimulation(scene, {
    seed: 1,
    ...(handPressStop === undefined ? {} : { handPressStop }),
  });
  simulation.sim.runFor(200);
  return simulation;
}

/** Runs a motion in sim time; its end: completed, or the fault it failed with. */
function run(simulation: Simulation, motion: Observable<unknown>, limitMs: number): 'completed' | HardwareFault {
  let end: 'completed' | HardwareFault | undefined;
  const subscription = motion.subscribe({
    complete: () => (end = 'completed'),
    error: (e: unknown) => (end = e as HardwareFault),
  });
  simulation.sim.runUntil(() => end !== undefined, limitMs);
  subscription.unsubscribe();
  if (end === undefined) throw new Error(`motion still running after ${limitMs} ms`);
  return end;
}

/**
 * Drives the UR's closed gripper, clear of the objects, straight down to 5 cm below the table top (the arm's base
 * sits on the top); returns the arm and how the downward motion ended.
 */
function driveHandIntoTable(simulation: Simulation): { arm: SimArm; end: 'completed' | HardwareFault } {
  const arm = simulation.robots.get('ur')!.parts.arms[0] as SimArm;
  const tool = arm.toolPoseInBase();
  const above = makePose([0.3, 0.2, 0.12], tool.quaternion);
  expect(run(simulation, arm.moveCartesian({ poseInBase: above }).execution$, 20_000)).toBe('completed');
  const down = makePose([0.3, 0.2, -0.05], tool.quaternion);
  return { arm, end: run(simulation, arm.moveCartesian({ poseInBase: down, linear: true }).execution$, 20_000) };
}

describe('protective stops beyond the arm links', () => {
  it('stops the wheeled base driven into a shelf with a collision fault naming the part and the shelf', async () => {
    const simulation = await sceneSim('retail-aisle.yaml');
    const base = simulation.robots.get('picker')!.parts.base as SimMobileBase;
    // Along the aisle first: the floor it rolls on is no obstacle.
    expect(run(simulation, base.goTo({ x: 0, y: 0.4, yawRad: 0 }).execution$, 20_000)).toBe('completed');
    // Then straight at aisle-a, whose front is at x = 0.8: the chassis (0.3 m ahead of the root) meets it first.
    const end = run(simulation, base.goTo({ x: 1.0, y: 0.4, yawRad: 0 }).execution$, 20_000);
    expect(end).toBeInstanceOf(HardwareFault);
    const fault = end as HardwareFault;
    expect(fault.code).toBe('collision');
    expect(fault.part).toBe('base');
    expect(fault.detail.fixture).toMatch(/^fixture aisle-a\//);
    expect(fault.message).toMatch(/protective stop: base_link touched fixture aisle-a\//);
    // It stopped at the shelf, not through it, and stays stopped.
    const stoppedX = base.pose().x;
    expect(stoppedX).toBeGreaterThan(0.4);
    expect(stoppedX).toBeLessThan(0.52);
    simulation.sim.runFor(500);
    expect(base.pose().x).toBe(stoppedX);
    simulation.free();
  });

  it('stops the UR arm whose gripper is driven down into the table, naming the finger and the table', async () => {
    const simulation = await sceneSim('tabletop.yaml');
    const { arm, end } = driveHandIntoTable(simulation);
    expect(end).toBeInstanceOf(HardwareFault);
    const fault = end as HardwareFault;
    expect(fault.code).toBe('collision');
    expect(fault.part).toBe('arm/arm');
    expect(fault.detail.fixture).toMatch(/^fixture table\/top/);
    expect(String(fault.detail.link)).toMatch(/finger|gripper/);
    expect(fault.detail.forceN as number).toBeGreaterThan(HAND_PRESS_LIMIT_N);
    // The fingertips are 15 mm past the TCP, so they touch the top at a TCP height of 15 mm. The arm halted about
    // 1 cm past first touch (6 mm; the flange runs on while the wrist spring and the pad contacts build 150 N), not
    // at the commanded 5 cm below the top.
    const tcpZ = arm.toolPoseInBase().position.z;
    expect(tcpZ).toBeGreaterThan(0);
    expect(tcpZ).toBeLessThan(0.015);
    simulation.free();
  });

  it('lets the hand press on when the check is turned off (handPressStop: false)', async () => {
    const simulation = await sceneSim('tabletop.yaml', false);
    const { end } = driveHandIntoTable(simulation);
    // No stop: the flange reaches its goal, the fingers pushed back against the compliant wrist by the table.
    expect(end).toBe('completed');
    simulation.free();
  });
});
