import { describe, expect, it } from 'vitest';
import { heldObject } from '../../skills/arm/held-objects.ts';
import { toolInWorld } from '../../skills/arm/robot-frames.ts';
import { pickAndPlace } from '../../skills/pick-and-place.ts';
import { heldObjectPose, planPlace } from '../../skills/placing/plan-place.ts';
import { PLAN } from '../../skills/planning/plan-key.ts';
import { dockForPlace } from '../../skills/reach/dock-for-place.ts';
import { makePose, pose2DToPose, type Pose2D } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { NamedPlace } from '../../src/world/world-model.ts';
import { box, harness, runToEnd, simulatePayload, startRun, type Harness } from './helpers/manipulation-harness.ts';

// Demo seed 3 (traced at the end of the last stop): the base stopped 9.85 mm and 0.80° off the place stand-off, inside
// its arrival tolerance, and the jar had slid 7 mm in the fingers; together they put the planned place out of reach
// and nothing re-docked. Built on the scripted double: a crate is picked and carried to the planned stand-off, the
// run is stopped there, and the base is put down farther off the stand-off than the plan's place reaches from.
const SURFACE_Z = 0.4;
const TARGET = 'counter/spot';
const places: NamedPlace[] = [
  { name: TARGET, poseInWorld: makePose([2.5, 0.25, SURFACE_Z]), sizeM: [0.2, 0.2, 0.3], tags: ['target'] },
  { name: 'stand/counter', poseInWorld: pose2DToPose({ x: 1.95, y: 0, yawRad: 0 }), tags: ['base-stand-off'] },
];

/**
 * The crate held in its carry posture at the planned place stand-off, lift set: the run is stopped at `dockForPlace`'s
 * first word, before anything of the place moved (the same instant of scheduler time).
 */
function carried(): Harness {
  const h = harness({ objects: [box('crate', [0.12, 0.12, 0.1], 0.55, 0.25)], places });
  simulatePayload(h, { objectId: 'crate', armName: 'left', weightN: 0.5 * 9.81, surfaceZM: SURFACE_Z });
  const run = startRun(pickAndPlace({ object: 'crate', target: TARGET, effector: 'suction', toleranceM: 0.03 }), h);
  h.scheduler.runUntil(() => run.outcome.done || run.events.some((e) => e.path.endsWith('dockForPlace')), 300_000);
  expect(run.outcome.done).toBe(false);
  run.subscription.unsubscribe();
  expect(heldObject(h.ctx.blackboard, 'crate')).toBeDefined();
  return h;
}

/** Whether the plan's place (its heading and way in) solves from `basePose` with the hold as recorded. */
function plannedPlaceWorks(h: Harness, basePose: Pose2D): boolean {
  const chain = h.ctx.blackboard.get(PLAN.of('crate'))!;
  const hold = heldObject(h.ctx.blackboard, 'crate')!;
  const arm = h.robot.parts.arms.find((a) => a.name === hold.armName)!;
  const now = heldObjectPose(toolInWorld(h.ctx, arm), hold);
  try {
    planPlace(h.ctx, arm, h.world.object('crate')!, hold, TARGET, now, { basePose }, chain.place.plan.choice);
    return true;
  } catch (error) {
    if (error instanceof SkillFailure && error.reason === 'unreachable') return false;
    throw error;
  }
}

describe('dockForPlace', () => {
  it('leaves the base where it stopped when the planned place works from there', () => {
    const h = carried();
    const before = { ...h.base.pose };
    const run = runToEnd(dockForPlace({ object: 'crate', target: TARGET }), h);
    expect(run.outcome.failure).toBeUndefined();
    expect(run.events.some((e) => e.message === 'in reach')).toBe(true);
    expect(h.base.pose.x).toBe(before.x);
    expect(h.base.pose.y).toBe(before.y);
  });

  it('re-docks at the planned stand-off when the base stopped where the planned place is out of reach', () => {
    const h = carried();
    const standOff = h.ctx.blackboard.get(PLAN.of('crate'))!.place.standOff.basePose!;
    // 30 cm back from the stand-off, 1 cm aside and turned 3°: the double's long arm reaches the planned place from 20
    // cm back, not from here (checked, so the test means something).
    const off = { x: standOff.x - 0.3, y: standOff.y + 0.01, yawRad: standOff.yawRad + (3 * Math.PI) / 180 };
    h.base.setPose(off);
    expect(plannedPlaceWorks(h, off)).toBe(false);
    const run = runToEnd(dockForPlace({ object: 'crate', target: TARGET }), h);
    expect(run.outcome.failure).toBeUndefined();
    const redock = run.events.find((e) => e.message === 're-dock');
    expect(redock?.data).toMatchObject({ shiftM: 0 });
    const now = h.base.pose;
    // The re-dock uses the tight tolerances of an exact stand-off: 3 mm, 0.3°.
    expect(Math.hypot(now.x - standOff.x, now.y - standOff.y)).toBeLessThanOrEqual(0.003 + 1e-9);
    expect(Math.abs(now.yawRad - standOff.yawRad)).toBeLessThanOrEqual((0.3 * Math.PI) / 180 + 1e-9);
    expect(plannedPlaceWorks(h, now)).toBe(true);
  });
});
