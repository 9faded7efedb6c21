import { describe, expect, it } from 'vitest';
import { pickAndPlace } from '../../skills/pick-and-place.ts';
import { PLAN } from '../../skills/planning/plan-key.ts';
import { choiceNow } from '../../skills/planning/planned-pick.ts';
import { planPickMotion } from '../../skills/planning/pick-motion.ts';
import { dockForPick } from '../../skills/reach/dock-for-pick.ts';
import { makePose, pose2DToPose, type Pose2D } from '../../src/math/pose.ts';
import type { NamedPlace } from '../../src/world/world-model.ts';
import { box, harness, runToEnd, startRun, type Harness } from './helpers/manipulation-harness.ts';

// Demo seed 1 at 01:52 sim (2.3 h): the base stopped 2.98 mm and 0.15° off the bleach bottle's pick stand-off, and
// `dockForPick` tried only shifts along the line to the bottle at the heading the base arrived with ("out of reach,
// and no nearby base pose helps"), never the planned stand-off itself, as `dockForPlace` does. Built on the scripted
// double: a crate's pick is planned and driven to, the run stopped at `dockForPick`'s first word (lift set, nothing
// of the grasp moved), and the base put down 30 cm off the stand-off.
const SURFACE_Z = 0.4;
const TARGET = 'counter/spot';
const places: NamedPlace[] = [
  { name: TARGET, poseInWorld: makePose([2.5, 0.25, SURFACE_Z]), sizeM: [0.2, 0.2, 0.3], tags: ['target'] },
];

/** The crate's pick planned and driven to, the run stopped as `dockForPick` starts. */
function atPick(): Harness {
  const h = harness({ objects: [box('crate', [0.12, 0.12, 0.1], 0.55, 0.25)], places });
  const run = startRun(pickAndPlace({ object: 'crate', target: TARGET, effector: 'suction', toleranceM: 0.03 }), h);
  h.scheduler.runUntil(() => run.outcome.done || run.events.some((e) => e.path.endsWith('dockForPick')), 300_000);
  expect(run.outcome.done).toBe(false);
  run.subscription.unsubscribe();
  return h;
}

/** Whether the plan's pick motion solves from `basePose`, as `dockForPick` solves it (the plan's own seed). */
function plannedPickWorks(h: Harness, basePose: Pose2D): boolean {
  const plan = h.ctx.blackboard.get(PLAN.of('crate'))!;
  const motion = plan.pick!.motion;
  const crate = h.world.object('crate')!;
  const seed = motion.ready ?? motion.preGrasp;
  return typeof planPickMotion(h.ctx, crate, choiceNow(crate, motion.choice), { basePose }, seed) !== 'string';
}

describe('dockForPick', () => {
  it('leaves the base where it stopped when the planned pick works from there', () => {
    const h = atPick();
    const before = { ...h.base.pose };
    const run = runToEnd(dockForPick({ object: 'crate' }), h);
    expect(run.outcome.failure).toBeUndefined();
    expect(run.events.some((e) => e.message === 'in reach')).toBe(true);
    expect(h.base.pose).toMatchObject({ x: before.x, y: before.y });
  });

  it('re-docks at the planned stand-off when the base stopped where the planned pick is out of reach', () => {
    const h = atPick();
    const standOff = h.ctx.blackboard.get(PLAN.of('crate'))!.pick!.standOff.basePose!;
    // 30 cm back from the stand-off, 1 cm aside and turned 3°. Shifts along the line at the heading the base arrived
    // with may find a pose too (the double's long arm), not the one the plan checked; the planned stand-off comes first.
    const off = { x: standOff.x - 0.3, y: standOff.y + 0.01, yawRad: standOff.yawRad + (3 * Math.PI) / 180 };
    h.base.setPose(off);
    expect(plannedPickWorks(h, off)).toBe(false);
    const run = runToEnd(dockForPick({ object: 'crate' }), h);
    expect(run.outcome.failure).toBeUndefined();
    const redock = run.events.find((e) => e.message === 're-dock');
    expect(redock?.data).toMatchObject({ shiftM: 0 });
    const now = h.base.pose;
    // The re-dock uses the tight tolerances of an exact stand-off: 3 mm, 0.3° (of the planned heading or one near it).
    expect(Math.hypot(now.x - standOff.x, now.y - standOff.y)).toBeLessThanOrEqual(0.003 + 1e-9);
    expect(Math.abs(now.yawRad - standOff.yawRad)).toBeLessThanOrEqual((2.3 * Math.PI) / 180 + 1e-9);
    expect(plannedPickWorks(h, now)).toBe(true);
    expect(pose2DToPose(now).position.distanceTo(pose2DToPose(off).position)).toBeGreaterThan(0.25);
  });
});
