import { Quaternion } from 'three';
import { describe, expect, it } from 'vitest';
import {
  baseStayedSince,
  rememberTryStart,
  rememberUntouchedTry,
  triedAlike,
} from '../../skills/restock/untouched-tries.ts';
import { makePose } from '../../src/math/pose.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { can } from '../skills/helpers/manipulation-harness.ts';

// A try whose every way failed before the robot touched its item changed nothing the planner looks at: the same
// item for the same facing is passed over until something near the item or the facing moves, comes or goes.

const FACING = { name: 'aisle-a/level-1/slot-1/facing-1', poseInWorld: makePose([2, 0, 0.4]) };

function store() {
  return new InMemoryWorldModel([can('item', 0, 0), can('tote-neighbour', 0.1, 0), can('shelf-neighbour', 2, 0.1)]);
}

describe('untouched tries', () => {
  it('passes over an item tried untouched for a facing while nothing near has moved', () => {
    const world = store();
    expect(triedAlike(world, FACING, 'item', [])).toBe(false);
    rememberUntouchedTry(world, FACING, 'item', []);
    expect(triedAlike(world, FACING, 'item', [])).toBe(true);
    // Contact jitter is no change.
    world.updateObjectPose('tote-neighbour', makePose([0.101, 0, 0.4 + 0.06]));
    expect(triedAlike(world, FACING, 'item', [])).toBe(true);
    // Another facing plans differently.
    expect(triedAlike(world, { ...FACING, name: 'aisle-a/level-1/slot-2/facing-1' }, 'item', [])).toBe(false);
  });

  it('tries it again once a neighbour of the item or of the facing moved, came or went, or the hands changed', () => {
    const moved = store();
    rememberUntouchedTry(moved, FACING, 'item', []);
    moved.updateObjectPose('shelf-neighbour', {
      position: makePose([2, 0.2, 0.46]).position,
      quaternion: new Quaternion(),
    });
    expect(triedAlike(moved, FACING, 'item', [])).toBe(false);

    const arrived = store();
    rememberUntouchedTry(arrived, FACING, 'item', []);
    arrived.addObject(can('refill', 0, 0.12));
    expect(triedAlike(arrived, FACING, 'item', [])).toBe(false);

    const gone = store();
    rememberUntouchedTry(gone, FACING, 'item', []);
    gone.removeObject('tote-neighbour');
    expect(triedAlike(gone, FACING, 'item', [])).toBe(false);

    const hands = store();
    rememberUntouchedTry(hands, FACING, 'item', ['held-box']);
    expect(triedAlike(hands, FACING, 'item', [])).toBe(false);
  });

  it('ignores what moved far from both', () => {
    const world = store();
    world.addObject(can('far', 5, 5));
    rememberUntouchedTry(world, FACING, 'item', []);
    world.updateObjectPose('far', makePose([5, 6, 0.46]));
    expect(triedAlike(world, FACING, 'item', [])).toBe(true);
  });

  it('counts a try as refused at planning only while the base stands where it stood as the try began', () => {
    const world = store();
    expect(baseStayedSince(world, 'item', { x: 0, y: -0.6, yawRad: 1.57 })).toBe(false);
    rememberTryStart(world, 'item', { x: 0, y: -0.6, yawRad: 1.57 });
    expect(baseStayedSince(world, 'item', { x: 0.003, y: -0.6, yawRad: 1.575 })).toBe(true);
    // The try drove to a stand-off and failed there: the next plan starts from elsewhere.
    expect(baseStayedSince(world, 'item', { x: 0.8, y: 1.2, yawRad: 3.1 })).toBe(false);
    expect(baseStayedSince(world, 'item', { x: 0, y: -0.6, yawRad: 1.2 })).toBe(false);
  });
});
