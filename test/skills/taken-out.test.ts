import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fallback } from '../../src/graph/fallback.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { isFatal } from '../../src/skill/failure.ts';
import { grasp } from '../../skills/grasp.ts';
import { can, harness, runToEnd, simulatePayload } from './helpers/manipulation-harness.ts';

// An item taken out of the world between a plan and its execution (in the demo: a dropped bottle that fell through
// the floor, removed by the store while the graph re-planned for it, which ended the whole run) is a changed world,
// an ordinary failure the graph's fallbacks pass over; only a name the world never knew is the task's fatal mistake.
const nextFacing = defineSkill({
  name: 'nextFacing',
  description: 'stands for the next branch of a restock',
  input: z.strictObject({}),
  run: () => of({ message: 'next facing' }),
});

describe('an object taken out of the world', () => {
  it('fails a skill that needs it precondition-failed, which a fallback passes over', () => {
    const h = harness({ objects: [can('can-1')] });
    h.world.removeObject('can-1');
    const alone = runToEnd(grasp({ object: 'can-1', effector: 'gripper' }), h);
    expect(alone.outcome.failure?.reason).toBe('precondition-failed');
    expect(alone.outcome.failure?.message).toContain("'can-1' was taken out of the world");
    expect(isFatal(alone.outcome.failure!)).toBe(false);

    const h2 = harness({ objects: [can('can-1')] });
    h2.world.removeObject('can-1');
    const run = runToEnd(fallback(grasp({ object: 'can-1', effector: 'gripper' }), nextFacing({})), h2);
    expect(run.outcome.done).toBe(true);
    expect(run.outcome.failure).toBeUndefined();
    expect(run.events.some((e) => e.message === 'next facing')).toBe(true);
  });

  it('keeps a name the world never knew fatal, and forgets the removal when the object is back', () => {
    const h = harness({ objects: [can('can-1')] });
    const unknown = runToEnd(grasp({ object: 'no-such-can', effector: 'gripper' }), h);
    expect(unknown.outcome.failure?.reason).toBe('invalid-input');
    expect(isFatal(unknown.outcome.failure!)).toBe(true);

    h.world.removeObject('can-1');
    expect(h.world.wasRemoved('can-1')).toBe(true);
    h.world.addObject(can('can-1'));
    expect(h.world.wasRemoved('can-1')).toBe(false);
    h.scripted.parts.grippers[0]!.objectWidthM = 0.066;
    simulatePayload(h, { objectId: 'can-1', armName: 'right', weightN: 0.35 * 9.81, surfaceZM: 0.4 });
    expect(runToEnd(grasp({ object: 'can-1', effector: 'gripper' }), h).outcome.failure).toBeUndefined();
  });
});
