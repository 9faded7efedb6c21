import { describe, expect, it } from 'vitest';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { toolInWorld } from '../../../skills/arm/robot-frames.ts';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { heldObjectPose, planPlace } from '../../../skills/placing/plan-place.ts';
import { makePose, pose2DToPose } from '../../../src/math/pose.ts';
import { SkillFailure } from '../../../src/skill/failure.ts';
import type { NamedPlace } from '../../../src/world/world-model.ts';
import { box, harness, simulatePayload, startRun } from '../helpers/manipulation-harness.ts';

// Store seeds 6 and 16 (issue 16): a place refused at every heading named only the headings something stood in
// ("aisle-b/lip-2 stands where it would rest (2 of 4 headings)"), so the refusal read as if the lip were all that
// stopped it; the headings the arm could not reach were counted nowhere. Built on the scripted double: a crate
// carried to the place stand-off, its place planned from a base pose far short of the counter.
const SURFACE_Z = 0.4;
const TARGET = 'counter/spot';
const places: NamedPlace[] = [
  { name: TARGET, poseInWorld: makePose([2.5, 0.25, SURFACE_Z]), sizeM: [0.2, 0.2, 0.3], tags: ['target'] },
  { name: 'stand/counter', poseInWorld: pose2DToPose({ x: 1.95, y: 0, yawRad: 0 }), tags: ['base-stand-off'] },
];

describe('a place refused at every heading', () => {
  it('says why each heading was refused, with how many', () => {
    const h = harness({ objects: [box('crate', [0.12, 0.12, 0.1], 0.55, 0.25)], places });
    simulatePayload(h, { objectId: 'crate', armName: 'left', weightN: 0.5 * 9.81, surfaceZM: SURFACE_Z });
    const run = startRun(pickAndPlace({ object: 'crate', target: TARGET, effector: 'suction', toleranceM: 0.03 }), h);
    h.scheduler.runUntil(() => run.outcome.done || run.events.some((e) => e.path.endsWith('dockForPlace')), 300_000);
    run.subscription.unsubscribe();
    const hold = heldObject(h.ctx.blackboard, 'crate')!;
    expect(hold).toBeDefined();
    const arm = h.robot.parts.arms.find((a) => a.name === hold.armName)!;
    const now = heldObjectPose(toolInWorld(h.ctx, arm), hold);
    let failure: unknown;
    try {
      planPlace(h.ctx, arm, h.world.object('crate')!, hold, TARGET, now, { basePose: { x: 1.2, y: 0, yawRad: 0 } });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SkillFailure);
    const { reason, message } = failure as SkillFailure;
    expect(reason).toBe('unreachable');
    const headings = /at any of (\d+) headings/.exec(message)?.[1];
    expect(headings).toBeDefined();
    expect(message).toContain(
      `the hand cannot be held both at the spot and over it (${headings} of ${headings} headings)`,
    );
  });
});
