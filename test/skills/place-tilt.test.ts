import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { grasp } from '../../skills/grasp.ts';
import { heldObject } from '../../skills/arm/held-objects.ts';
import { toolInWorld } from '../../skills/arm/robot-frames.ts';
import { place } from '../../skills/place.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { composePoses } from '../../src/math/pose.ts';
import { can, commandTrail, harness, simulatePayload, startRun, targetPlace } from './helpers/manipulation-harness.ts';

// Demo seed 4 (note30): a sauce jar's rim caught a shelf's lip on the way in, it pivoted 39° in the fingers, and the
// hand opened on it: it fell over and rolled 27 cm. A load that leans more than it would stand from is not let go.
// Built on the scripted double: as the guarded descent starts, the world model shows the can turned `tiltDeg` about
// the tool's x axis in the hand. A can (Ø66 × 120 mm) tips over its base's edge at 29°: it may lean half that.
const SURFACE_Z = 0.4;
const target = targetPlace(SURFACE_Z);

function placeLeaning(tiltDeg: number) {
  const h = harness({ objects: [can()], places: [target] });
  h.scripted.parts.grippers[0]!.objectWidthM = 0.066;
  simulatePayload(h, { objectId: 'can-1', armName: 'right', weightN: 0.35 * 9.81, surfaceZM: SURFACE_Z });
  const run = startRun(
    sequence(grasp({ object: 'can-1', effector: 'gripper' }), place({ object: 'can-1', target: 'target/a' })),
    h,
  );
  h.scheduler.runUntil(() => run.outcome.done || run.events.some((e) => e.message === 'guarded move'), 120_000);
  const hold = heldObject(h.ctx.blackboard, 'can-1')!;
  const arm = h.scripted.parts.arms.find((a) => a.name === 'right')!;
  const inHand = composePoses(toolInWorld(h.ctx, arm), hold.objectInTool);
  const turn = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), (tiltDeg * Math.PI) / 180);
  h.world.updateObjectPose('can-1', { position: inHand.position, quaternion: turn.multiply(inHand.quaternion) });
  const opens = () => commandTrail(h.scripted.log, ['gripper/']).filter((c) => c.endsWith(' open')).length;
  const opensBefore = opens();
  h.scheduler.runUntil(() => run.outcome.done, 240_000);
  return { h, run, opened: opens() > opensBefore };
}

describe('the release of a place', () => {
  it('does not open the hand on a load leaning more than it would stand from: lifts it back, fails naming it', () => {
    const { h, run, opened } = placeLeaning(30);
    expect(run.outcome.failure?.reason).toBe('missed');
    expect(run.outcome.failure?.message).toMatch(
      /^'can-1' leans 30\.\d° off upright in the hand at 'target\/a', more than the 14\.\d° it would stand from when let go: not released$/,
    );
    expect(opened).toBe(false);
    expect(heldObject(h.ctx.blackboard, 'can-1')).toBeDefined();
    expect(run.events.some((e) => e.message === 'lift back')).toBe(true);
  });

  it('lets go of a load leaning less than half its tipping tilt', () => {
    const { run, opened } = placeLeaning(10);
    expect(run.events.some((e) => e.message === 'lift back')).toBe(false);
    expect(opened).toBe(true);
    // The scripted double sets the released can down as the hand had it (upright), so the place itself succeeds.
    expect(run.outcome.failure?.describe()).toBeUndefined();
  });
});
