import { describe, expect, it } from 'vitest';
import { heldObject } from '../../skills/arm/held-objects.ts';
import { pickAndPlace } from '../../skills/pick-and-place.ts';
import { pick } from '../../skills/pick.ts';
import { makePose, pose2DToPose } from '../../src/math/pose.ts';
import type { NamedPlace } from '../../src/world/world-model.ts';
import { box, can, harness, runToEnd, simulatePayload, startRun } from './helpers/manipulation-harness.ts';

const SURFACE_Z = 0.4;
/** A target 2.5 m away, with a base stand-off in front of it. */
const places: NamedPlace[] = [
  { name: 'counter/spot', poseInWorld: makePose([2.5, 0.25, SURFACE_Z]), sizeM: [0.2, 0.2, 0.3], tags: ['target'] },
  { name: 'stand/counter', poseInWorld: pose2DToPose({ x: 1.95, y: 0, yawRad: 0 }), tags: ['base-stand-off'] },
];

describe('pick and pickAndPlace on the scripted double', () => {
  it('pick sets the lift for the object height before grasping', () => {
    const h = harness({ objects: [can('can-1', 0.55, -0.25, 0.1)], places });
    h.scripted.parts.grippers[0]!.objectWidthM = 0.066;
    simulatePayload(h, { objectId: 'can-1', armName: 'right', weightN: 0.35 * 9.81, surfaceZM: 0.1 });
    h.scripted.parts.lift.height$.next({ stampMs: 0, heightM: 0.8 });
    const run = runToEnd(pick({ object: 'can-1', effector: 'gripper' }), h);
    expect(run.outcome.failure?.describe()).toBeUndefined();
    const lift = h.scripted.log.of('lift', 'moveTo');
    expect(lift).toHaveLength(1);
    expect(lift[0]!.args as number).toBeLessThan(0.8);
    const firstArm = h.scripted.log.commands.findIndex((c) => c.part === 'arm/right');
    expect(h.scripted.log.commands.indexOf(lift[0]!)).toBeLessThan(firstArm);
  });

  it('plans with the suction cup when no gripper grasp fits the object, then drives to the target and places', () => {
    const h = harness({ objects: [box('crate', [0.12, 0.12, 0.1], 0.55, 0.25)], places });
    simulatePayload(h, { objectId: 'crate', armName: 'left', weightN: 0.5 * 9.81, surfaceZM: SURFACE_Z });
    // The double's arms have 4 joints: IK can place the tool but not hold its orientation, so the crate arrives
    // tilted a few degrees and its centre up to a few cm off (a 7-joint arm holds both; see the sim tests).
    const run = runToEnd(
      pickAndPlace({ object: 'crate', target: 'counter/spot', effector: 'gripper', toleranceM: 0.03 }),
      h,
      300_000,
    );
    expect(run.outcome.failure?.describe()).toBeUndefined();
    // The 12 cm crate does not fit the 10 cm gripper: the plan chose the suction cup before anything moved.
    expect(h.scripted.log.of('gripper/right_gripper')).toEqual([]);
    const plan = run.events.find((e) => e.path.endsWith('/planPickAndPlace') && e.message === 'plan');
    expect(plan?.data).toMatchObject({ effector: 'suction', arm: 'left' });
    expect(
      run.events.some((e) => e.path === 're-plan/pick-and-place/execute/stages/pick/grasp' && e.message === 'verified'),
    ).toBe(true);
    expect(run.events.some((e) => e.message === 'stand-off' && e.data?.planned === true)).toBe(true);
    const base = h.base.pose;
    expect(Math.hypot(base.x - 1.95, base.y)).toBeLessThan(0.05);
    expect(run.events.find((e) => e.message === 'placed')?.data?.positionErrorM).toBeLessThanOrEqual(0.03);
    expect(heldObject(h.ctx.blackboard, 'crate')).toBeUndefined();
  });

  it('cancelling mid-carry stops the base at once and leaves the object held', () => {
    const h = harness({ objects: [box('crate', [0.12, 0.12, 0.1], 0.55, 0.25)], places });
    simulatePayload(h, { objectId: 'crate', armName: 'left', weightN: 0.5 * 9.81, surfaceZM: SURFACE_Z });
    const run = startRun(pickAndPlace({ object: 'crate', target: 'counter/spot', effector: 'suction' }), h);
    h.scheduler.runUntil(() => h.base.pose.x > 0.8, 120_000);
    expect(run.outcome.done).toBe(false);
    const cancelMs = h.scheduler.now();
    run.subscription.unsubscribe();
    const after = h.scripted.log.commands.filter((c) => c.timeMs >= cancelMs);
    // The navigation halted the base once: its teardown, not a second stop from anywhere else.
    expect(after.filter((c) => c.part === 'base' && c.command === 'stop')).toHaveLength(1);
    const x = h.base.pose.x;
    h.scheduler.advanceBy(2_000);
    expect(h.base.pose.x).toBe(x);
    // Nothing was commanded after the cancel, and the vacuum stayed on: the object is still held.
    expect(h.scripted.log.commands.filter((c) => c.timeMs > cancelMs)).toEqual([]);
    expect(h.scripted.log.of('suction/left_suction', 'setVacuum').at(-1)?.args).toBe(true);
    expect(heldObject(h.ctx.blackboard, 'crate')).toBeDefined();
  });

  it('cancelling while the arm stows halts the arm motion, once', () => {
    const h = harness({ objects: [box('crate', [0.12, 0.12, 0.1], 0.55, 0.25)], places });
    simulatePayload(h, { objectId: 'crate', armName: 'left', weightN: 0.5 * 9.81, surfaceZM: SURFACE_Z });
    const run = startRun(pickAndPlace({ object: 'crate', target: 'counter/spot', effector: 'suction' }), h);
    h.scheduler.runUntil(() => run.events.some((e) => e.message === 'stow'), 120_000);
    const cancelMs = h.scheduler.now();
    run.subscription.unsubscribe();
    // The stow is a trajectory or a Cartesian motion depending on the arm's pose; either way it is halted once. (The
    // guarded approach before it was halted on contact, by design: that halt is not the cancel's.)
    const halts = h.scripted.log.commands.filter(
      (c) => c.timeMs >= cancelMs && c.part === 'arm/left' && c.command.endsWith(':halt'),
    );
    expect(halts).toHaveLength(1);
  });
});
