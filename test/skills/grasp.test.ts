import { describe, expect, it } from 'vitest';
import { grasp } from '../../skills/grasp.ts';
import { heldObject } from '../../skills/arm/held-objects.ts';
import { box, can, commandTrail, harness, runToEnd, simulatePayload } from './helpers/manipulation-harness.ts';

const SURFACE_Z = 0.4;

describe('grasp on the scripted double', () => {
  it('pre-grasps, approaches, closes with a force from mass and friction, verifies the payload and retreats', () => {
    const h = harness({ objects: [can()] });
    h.scripted.parts.grippers[0]!.objectWidthM = 0.066;
    simulatePayload(h, { objectId: 'can-1', armName: 'right', weightN: 0.35 * 9.81, surfaceZM: SURFACE_Z });
    const run = runToEnd(grasp({ object: 'can-1', effector: 'gripper' }), h);
    expect(run.outcome.failure?.describe()).toBeUndefined();
    expect(commandTrail(h.scripted.log, ['arm/right', 'gripper/', 'ft/right']).filter((c) => !c.includes(':'))).toEqual(
      [
        'arm/right moveJoints',
        // Opened at the pre-grasp, in free air (a hand folded against the body has no room to open).
        'gripper/right_gripper open',
        // The wrist is zeroed in free air at the pre-grasp, before the fingers touch anything.
        'ft/right_wrist_ft tare',
        'arm/right moveCartesian',
        'gripper/right_gripper close',
        'arm/right moveCartesian',
        'arm/right moveCartesian',
      ],
    );
    const close = h.scripted.log.of('gripper/right_gripper', 'close')[0]!.args as { forceN: number };
    // 2.5 · 0.35 kg · 9.81 / (2 · 0.4) ≈ 10.7 N
    expect(close.forceN).toBeCloseTo(10.73, 1);
    const verified = run.events.find((e) => e.message === 'verified');
    expect(verified?.data?.payloadN).toBeCloseTo(0.35 * 9.81, 2);
    const hold = heldObject(h.ctx.blackboard, 'can-1');
    expect(hold).toMatchObject({ armName: 'right', effector: 'gripper', gripWidthM: 0.066 });
  });

  it('fails missed when the fingers close empty', () => {
    const h = harness({ objects: [can()] });
    h.scripted.parts.grippers[0]!.objectWidthM = undefined;
    const run = runToEnd(grasp({ object: 'can-1', effector: 'gripper' }), h);
    expect(run.outcome.failure?.reason).toBe('missed');
    expect(run.outcome.failure?.message).toContain('closed empty');
    expect(heldObject(h.ctx.blackboard, 'can-1')).toBeUndefined();
  });

  it('fails slipped when the wrist shows no payload after the lift', () => {
    const h = harness({ objects: [can()] });
    h.scripted.parts.grippers[0]!.objectWidthM = 0.066;
    const run = runToEnd(grasp({ object: 'can-1', effector: 'gripper' }), h);
    expect(run.outcome.failure?.reason).toBe('slipped');
    expect(run.outcome.failure?.detail).toMatchObject({ payloadN: 0 });
  });

  it('fails no-grasp when the object is wider than the gripper opens', () => {
    const h = harness({ objects: [box('crate', [0.3, 0.3, 0.2])] });
    const run = runToEnd(grasp({ object: 'crate', effector: 'gripper' }), h);
    expect(run.outcome.failure?.reason).toBe('no-grasp');
    expect(h.scripted.log.of('arm/right')).toEqual([]);
  });

  it('fails unreachable when no grasp is within the arm reach', () => {
    const h = harness({ objects: [can('far', 2.5, 0, 0.4)] });
    const run = runToEnd(grasp({ object: 'far', effector: 'gripper' }), h);
    expect(run.outcome.failure?.reason).toBe('unreachable');
    expect(h.scripted.log.of('arm/right')).toEqual([]);
  });

  it('seats the suction cup by a guarded approach and seals on a box top', () => {
    const h = harness({ objects: [box('tea', [0.075, 0.13, 0.07], 0.55, 0.25)] });
    simulatePayload(h, { objectId: 'tea', armName: 'left', weightN: 0.5 * 9.81, surfaceZM: SURFACE_Z });
    const run = runToEnd(grasp({ object: 'tea', effector: 'suction' }), h);
    expect(run.outcome.failure?.describe()).toBeUndefined();
    expect(run.events.some((e) => e.message === 'contact')).toBe(true);
    expect(h.scripted.log.of('suction/left_suction', 'setVacuum').map((c) => c.args)).toEqual([false, true]);
    expect(heldObject(h.ctx.blackboard, 'tea')?.effector).toBe('suction');
  });

  it('fails missed when the cup does not seal', () => {
    const h = harness({ objects: [box('tea', [0.075, 0.13, 0.07], 0.55, 0.25)] });
    simulatePayload(h, { objectId: 'tea', armName: 'left', weightN: 0.5 * 9.81, surfaceZM: SURFACE_Z });
    h.scripted.parts.suctionCups[0]!.surfaceUnder = false;
    const run = runToEnd(grasp({ object: 'tea', effector: 'suction' }), h);
    expect(run.outcome.failure?.reason).toBe('missed');
    expect(run.outcome.failure?.message).toContain('did not seal');
  });

  it('keeps a bug in the seal watch a bug, not a missed seal, and turns the vacuum off', () => {
    const h = harness({ objects: [box('tea', [0.075, 0.13, 0.07], 0.55, 0.25)] });
    simulatePayload(h, { objectId: 'tea', armName: 'left', weightN: 0.5 * 9.81, surfaceZM: SURFACE_Z });
    const cup = h.scripted.parts.suctionCups[0]!;
    const setVacuum = cup.setVacuum.bind(cup);
    cup.setVacuum = (on: boolean) => {
      const accepted = setVacuum(on);
      if (on) cup.sealed$.error(new TypeError('seal reading is not a number'));
      return accepted;
    };
    const run = runToEnd(grasp({ object: 'tea', effector: 'suction' }), h);
    expect(run.outcome.failure?.reason).toBe('internal-error');
    expect(run.outcome.failure?.message).toContain('seal reading is not a number');
    expect(
      h.scripted.log
        .of('suction/left_suction', 'setVacuum')
        .map((c) => c.args)
        .at(-1),
    ).toBe(false);
  });

  it('halts the arm when cancelled mid-approach', () => {
    const h = harness({ objects: [can()] });
    h.scripted.parts.grippers[0]!.objectWidthM = 0.066;
    h.scripted.log.script('arm/right', 'moveJoints', { kind: 'hang' });
    const run = runToEnd(grasp({ object: 'can-1', effector: 'gripper' }), h, 2_000);
    expect(run.outcome.done).toBe(false);
    run.subscription.unsubscribe();
    expect(h.scripted.log.of('arm/right', 'moveJoints:halt')).toHaveLength(1);
  });
});
