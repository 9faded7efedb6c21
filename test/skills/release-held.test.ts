import { Quaternion } from 'three';
import { describe, expect, it } from 'vitest';
import { HELD, heldObject } from '../../skills/arm/held-objects.ts';
import { releaseHeld } from '../../skills/restock/release-held.ts';
import { makePose } from '../../src/math/pose.ts';
import { can, harness, runToEnd } from './helpers/manipulation-harness.ts';

// The last resort that frees the hand when a put-back failed. A real gripper answers an opening with reached_goal
// or stalled (a finger on a tote wall); the skill ends either way, on the scripted double's stalled fault.

const GRIP_WIDTH_M = 0.066;

function holding(stalledAtWidthM: number | undefined) {
  const h = harness({ objects: [can()] });
  const gripper = h.scripted.parts.grippers[0]!;
  h.ctx.blackboard.set(HELD.of('can-1'), {
    objectId: 'can-1',
    armName: 'right',
    effector: 'gripper',
    objectInTool: makePose(),
    payloadN: 3.4,
    restQuaternion: new Quaternion(),
    gripWidthM: GRIP_WIDTH_M,
  });
  // The double faults at once, so its fingers stay where this puts them: where they stalled.
  gripper.width$.next({ stampMs: 0, widthM: stalledAtWidthM ?? GRIP_WIDTH_M });
  if (stalledAtWidthM !== undefined)
    h.scripted.log.script(`gripper/${gripper.name}`, 'open', { kind: 'fault', code: 'stalled', afterMs: 0 });
  return h;
}

describe('releaseHeld', () => {
  it('frees the hand when the fingers open fully', () => {
    const h = holding(undefined);
    const run = runToEnd(releaseHeld({ object: 'can-1' }), h);
    expect(run.outcome.failure).toBeUndefined();
    expect(heldObject(h.ctx.blackboard, 'can-1')).toBeUndefined();
  });

  it('counts an opening that stalled clear of the object as let go, and says where it stalled', () => {
    const h = holding(GRIP_WIDTH_M + 0.02);
    const run = runToEnd(releaseHeld({ object: 'can-1' }), h);
    expect(run.outcome.failure).toBeUndefined();
    expect(heldObject(h.ctx.blackboard, 'can-1')).toBeUndefined();
    const released = run.events.find((e) => e.message === 'released');
    expect(released?.data?.stalledAtWidthM).toBeCloseTo(GRIP_WIDTH_M + 0.02, 6);
  });

  it('fails blocked, still holding, when the fingers stalled on the object', () => {
    const h = holding(GRIP_WIDTH_M + 0.001);
    const run = runToEnd(releaseHeld({ object: 'can-1' }), h);
    expect(run.outcome.failure?.reason).toBe('blocked');
    expect(heldObject(h.ctx.blackboard, 'can-1')).toBeDefined();
    expect(h.scheduler.now()).toBeLessThan(1000);
  });
});
