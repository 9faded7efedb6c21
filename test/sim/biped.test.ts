import { readFileSync } from 'node:fs';
import type { Observable } from 'rxjs';
import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { HardwareFault } from '../../hardware/common.ts';
import type { BalanceState, Footstep } from '../../hardware/mobile-base.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { createSimulation } from '../../sim/index.ts';
import type { SimBipedBase } from '../../sim/sim-biped-base.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { wrapAngle } from '../../src/math/pose.ts';

const SCENE = new URL('../../scenes/biped-steps.yaml', import.meta.url).pathname;

async function biped() {
  const scene = await loadScene(SCENE);
  const simulation = await createSimulation(scene, { seed: 1 });
  const robot = simulation.robots.get('biped')!;
  const base = robot.parts.base as SimBipedBase;
  const balance: BalanceState[] = [];
  base.balance$.subscribe((b) => balance.push(b));
  const footsteps: Footstep[][] = [];
  const walk = base.walk.bind(base);
  base.walk = (steps) => {
    footsteps.push([...steps]);
    return walk(steps);
  };
  simulation.sim.runFor(200);
  return { simulation, robot, base, balance, footsteps };
}

/** Runs a motion to its end in sim time; the error it failed with, if any. */
function run(simulation: Awaited<ReturnType<typeof biped>>['simulation'], execution$: Observable<unknown>) {
  let done = false;
  let failure: unknown;
  execution$.subscribe({ complete: () => (done = true), error: (e: unknown) => ((failure = e), (done = true)) });
  simulation.sim.runUntil(() => done, 60_000);
  return { done, failure };
}

describe('the biped in the sim', () => {
  it('walks 3 m with a turn: arrives on the goal, footsteps within limits, ZMP inside the support at every tick', async () => {
    const { simulation, base, balance, footsteps } = await biped();
    const goal = { x: 1.5, y: -1.2, yawRad: -Math.PI / 2 };
    const startMs = simulation.sim.timeMs;
    const outcome = run(simulation, base.goTo({ x: 1.2, y: 0.6, yawRad: 0.6 }).execution$);
    expect(outcome.failure).toBeUndefined();
    const second = run(simulation, base.goTo(goal).execution$);
    expect(second.failure).toBeUndefined();
    const pose = base.pose();
    expect(Math.hypot(pose.x - goal.x, pose.y - goal.y)).toBeLessThan(0.003);
    expect(Math.abs(wrapAngle(pose.yawRad - goal.yawRad))).toBeLessThan(0.01);
    // Every control tick of both walks was measured, and the ZMP never left the feet.
    const walking = balance.filter((b) => b.stampMs >= startMs);
    expect(walking.length).toBeGreaterThan(240 * 15);
    expect(Math.min(...walking.map((b) => b.marginM))).toBeGreaterThan(0.01);
    expect(new Set(walking.map((b) => b.support))).toEqual(new Set(['double', 'left', 'right']));
    // Footsteps: each within the limits relative to the other foot.
    const limits = base.limits.walking!;
    const feet = { left: { x: 0, y: 0.1, yawRad: 0 }, right: { x: 0, y: -0.1, yawRad: 0 } };
    for (const step of footsteps.flat()) {
      const stance = feet[step.foot === 'left' ? 'right' : 'left'];
      const dx = step.pose.x - stance.x;
      const dy = step.pose.y - stance.y;
      const forward = Math.cos(stance.yawRad) * dx + Math.sin(stance.yawRad) * dy;
      expect(Math.abs(forward)).toBeLessThanOrEqual(limits.maxStepLengthM + 1e-9);
      expect(Math.abs(wrapAngle(step.pose.yawRad - stance.yawRad))).toBeLessThanOrEqual(
        limits.maxTurnPerStepRad + 1e-9,
      );
      feet[step.foot] = step.pose;
    }
  });

  it('keeps its soles where they stand while it squats, and balances', async () => {
    const { simulation, robot, base } = await biped();
    const soles = () => ['left_sole', 'right_sole'].map((l) => robot.body.linkPose(l).elements.slice(12, 15));
    const before = soles();
    base.takeMinMargin();
    const lift = run(simulation, robot.parts.lift!.moveTo(0.64).execution$);
    expect(lift.failure).toBeUndefined();
    expect(robot.body.joints['pelvis_height_joint']!).toBeCloseTo(0.64, 3);
    const after = soles();
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(after[i]![j]!).toBeCloseTo(before[i]![j]!, 4);
    // The knees bend to lower the pelvis.
    expect(robot.body.joints['left_knee_joint']!).toBeGreaterThan(1.2);
    expect(base.takeMinMargin()).toBeGreaterThan(0.02);
  });

  it('squats to its deepest with the waist bent and the hips set back, the ZMP inside the feet at every tick', async () => {
    const { simulation, robot, base, balance } = await biped();
    const soles = () => ['left_sole', 'right_sole'].map((l) => robot.body.linkPose(l).elements.slice(12, 15));
    const before = soles();
    const from = simulation.sim.timeMs;
    const lift = run(simulation, robot.parts.lift!.moveTo(0.5).execution$);
    expect(lift.failure).toBeUndefined();
    expect(robot.body.joints['pelvis_height_joint']!).toBeCloseTo(0.5, 3);
    // The torso leans forward 1.2 rad (the waist mimics the squat) and the pelvis sits back behind the feet.
    const torso = robot.body.linkPose('torso');
    const up = new Vector3(0, 0, 1).transformDirection(torso);
    expect(Math.acos(up.z)).toBeCloseTo(1.2, 3);
    const rootX = robot.body.rootInWorld.elements[12];
    expect(robot.body.linkPose('pelvis').elements[12] - rootX).toBeLessThan(-0.15);
    const after = soles();
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(after[i]![j]!).toBeCloseTo(before[i]![j]!, 4);
    // The lift stops where the waist and hips start to follow it, so they start from rest: run through as one
    // move, their velocity stepped from 0 there and the ZMP spiked 19 cm outside the feet in one tick.
    const during = balance.filter((b) => b.stampMs >= from).map((b) => b.marginM);
    expect(during.length).toBeGreaterThan(100);
    expect(Math.min(...during)).toBeGreaterThan(0.02);
    expect(base.takeMinMargin()).toBeGreaterThan(0.02);
    // And back up: upright again above a 0.6 m pelvis.
    expect(run(simulation, robot.parts.lift!.moveTo(0.85).execution$).failure).toBeUndefined();
    expect(new Vector3(0, 0, 1).transformDirection(robot.body.linkPose('torso')).z).toBeCloseTo(1, 9);
    expect(Math.min(...balance.filter((b) => b.stampMs >= from).map((b) => b.marginM))).toBeGreaterThan(0.02);
  });

  it('refuses footsteps beyond its limits, naming the step and the limit, and does not move', async () => {
    const { simulation, base } = await biped();
    const before = base.pose();
    const tooLong = run(simulation, base.walk([{ foot: 'left', pose: { x: 0.6, y: 0.1, yawRad: 0 } }]).execution$);
    expect(String(tooLong.failure)).toMatch(/footstep 0 \(left\): 0\.600 m ahead of the other foot, limit 0\.3 m/);
    expect(base.pose()).toEqual(before);
  });

  it('refuses a walk whose ZMP would leave the support polygon, and moves nothing', async () => {
    const { simulation, robot, base } = await biped();
    // Both arms straight out in front bring the CoM within about a centimetre of the toes: it stands, but a walk
    // that ends with the feet together would leave it no margin.
    for (const arm of robot.parts.arms) {
      const positions = arm.jointNames.map(() => 0);
      expect(run(simulation, arm.moveJoints({ positions, velocityScale: 1 }).execution$).failure).toBeUndefined();
    }
    simulation.sim.runFor(500);
    const before = base.pose();
    const outcome = run(simulation, base.goTo({ x: 0.9, y: 0, yawRad: 0 }).execution$);
    expect(String(outcome.failure)).toMatch(/the ZMP would come within -?\d+\.\d mm of the support polygon's edge/);
    expect(base.pose()).toEqual(before);
  });

  it('refuses an arm or squat motion that would tip it before it starts, naming the margin; the way back runs', async () => {
    const { simulation, robot, balance } = await biped();
    const lift = robot.parts.lift!;
    const standing = Object.fromEntries(robot.parts.arms.map((a) => [a.name, a.currentState().positions]));
    // Both arms straight out in front: the static CoM stays about 1 cm inside the toes, so they go.
    for (const arm of robot.parts.arms) {
      const positions = arm.jointNames.map(() => 0);
      expect(run(simulation, arm.moveJoints({ positions, velocityScale: 1 }).execution$).failure).toBeUndefined();
    }
    simulation.sim.runFor(500);
    const joints = { ...robot.body.joints };
    // A squat from there bends the knees forward under the outstretched arms: refused before anything moves.
    const squat = run(simulation, lift.moveTo(0.6).execution$);
    expect(squat.failure).toBeInstanceOf(HardwareFault);
    expect(String(squat.failure)).toMatch(
      /^HardwareFault: lift: the motion would put the static CoM \d+\.\d mm outside the support polygon \(at least 5 mm inside needed, \d+\.\d mm now\): the robot would tip$/,
    );
    const marginM = (squat.failure as HardwareFault).detail.marginM as number;
    expect(marginM).toBeLessThan(0);
    expect(String(squat.failure)).toContain(`${(-marginM * 1000).toFixed(1)} mm outside`);
    expect(run(simulation, lift.moveTo(0.5).execution$).failure).toBeInstanceOf(HardwareFault);
    expect(robot.body.joints).toEqual(joints);

    // Pushed into that squat anyway (lowered a centimetre a tick past the check, as an unguarded lift did), the
    // robot is outside: the motions back (standing up, arms in) are not refused, and it ends balanced.
    for (let h = joints['pelvis_height_joint']!; h > 0.65; h -= 0.01) {
      robot.body.joints['pelvis_height_joint'] = h;
      simulation.sim.runFor(5);
    }
    const deeper = run(simulation, lift.moveTo(0.6).execution$);
    expect(String(deeper.failure)).toMatch(/mm outside the support polygon/);
    expect((deeper.failure as HardwareFault).detail.presentMarginM).toBeLessThan(0);
    expect(run(simulation, lift.moveTo(0.85).execution$).failure).toBeUndefined();
    for (const arm of robot.parts.arms) {
      const positions = standing[arm.name]!;
      expect(run(simulation, arm.moveJoints({ positions, velocityScale: 1 }).execution$).failure).toBeUndefined();
    }
    const backAt = simulation.sim.timeMs;
    simulation.sim.runFor(500);
    expect(Math.min(...balance.filter((b) => b.stampMs >= backAt).map((b) => b.marginM))).toBeGreaterThan(0.03);
  });

  it('refuses an arm motion that would tip it in a squat, and lets the arm that leaves it balanced move', async () => {
    const { simulation, robot } = await biped();
    expect(run(simulation, robot.parts.lift!.moveTo(0.7).execution$).failure).toBeUndefined();
    const [first, second] = robot.parts.arms;
    const out = (arm: typeof first) => arm!.moveJoints({ positions: arm!.jointNames.map(() => 0), velocityScale: 1 });
    // One arm out in front still leaves the CoM well inside the feet; the second would put it past the toes.
    expect(run(simulation, out(first).execution$).failure).toBeUndefined();
    const before = second!.currentState().positions;
    const refused = run(simulation, out(second).execution$);
    expect(String(refused.failure)).toMatch(
      new RegExp(`^HardwareFault: arm/${second!.name}: the motion would put the static CoM \\d+\\.\\d mm outside`),
    );
    expect(second!.currentState().positions).toEqual(before);
  });

  it('halts a walk it is asked to stop: the foot in the air lands, the body comes to rest, nothing moves after', async () => {
    const { simulation, base, balance } = await biped();
    const subscription = base.goTo({ x: 1.5, y: 0, yawRad: 0 }).execution$.subscribe();
    simulation.sim.runUntil(() => base.pose().x > 0.4, 30_000);
    subscription.unsubscribe();
    const stoppedAt = simulation.sim.timeMs;
    simulation.sim.runFor(4000);
    const rest = base.pose();
    simulation.sim.runFor(1000);
    expect(base.pose()).toEqual(rest);
    // It stopped within about a step of where the halt came.
    expect(rest.x).toBeLessThan(0.4 + 0.35);
    expect(Math.min(...balance.filter((b) => b.stampMs >= stoppedAt).map((b) => b.marginM))).toBeGreaterThan(0);
  });

  it('plans the same biped from its URDF: two 6-DOF legs, 1.6-1.8 m, 50-70 kg', () => {
    const model = parseUrdf(
      readFileSync(new URL('../../hardware/robots/biped-humanoid.urdf', import.meta.url), 'utf8'),
      'biped',
    );
    const mass = [...model.links.values()].reduce((sum, l) => sum + (l.inertial?.massKg ?? 0), 0);
    expect(mass).toBeGreaterThan(50);
    expect(mass).toBeLessThan(70);
    for (const side of ['left', 'right']) {
      const legJoints = [...model.joints.values()].filter(
        (j) => j.name.startsWith(`${side}_`) && /hip|knee|ankle/.test(j.name),
      );
      expect(legJoints).toHaveLength(6);
    }
    expect(model.extras.base?.kind).toBe('bipedal');
    expect(model.extras.walking?.maxStepHeightM).toBeGreaterThanOrEqual(0.1);
  });
});
