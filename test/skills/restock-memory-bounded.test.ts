import { describe, expect, it } from 'vitest';
import { pickOrigin, rememberPickOrigin } from '../../skills/restock/memory.ts';
import {
  baseStayedSince,
  rememberTryStart,
  rememberUntouchedTry,
  triedAlike,
} from '../../skills/restock/untouched-tries.ts';
import { makePose } from '../../src/math/pose.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { can } from './helpers/manipulation-harness.ts';

// A store's memories of its stock items (where each stood before its pick, where the base stood as its try began,
// its tries refused untouched) were kept for every item ever picked: over a day of restocking, one entry for each of
// the ~40 items an hour, long after shoppers took them. An item that has left the world is now forgotten the next
// time one is remembered.
describe("the restock's memories of its items are bounded by the items in the world", () => {
  const facing = { name: 'shelf/facing-1', poseInWorld: makePose([1, 0, 0.5]) };
  const base = { x: 0, y: 0, yawRad: 0 };

  it('forgets an item a shopper took once the next item is remembered, and keeps the ones still there', () => {
    // can-1 stands far from the others and the facing: its going changes nothing near them.
    const world = new InMemoryWorldModel([can('can-1', -2, 2), can('can-2', 0.6), can('can-3', 0.7)]);
    for (const id of ['can-1', 'can-2']) {
      rememberPickOrigin(world, id, world.object(id)!.poseInWorld);
      rememberTryStart(world, id, base);
      rememberUntouchedTry(world, facing, id, []);
    }
    world.removeObject('can-1');
    // Still answered until something new is remembered: nothing is dropped behind a reader's back.
    expect(pickOrigin(world, 'can-1')).toBeDefined();
    rememberPickOrigin(world, 'can-3', world.object('can-3')!.poseInWorld);
    rememberTryStart(world, 'can-3', base);
    rememberUntouchedTry(world, facing, 'can-3', []);
    expect(pickOrigin(world, 'can-1')).toBeUndefined();
    expect(baseStayedSince(world, 'can-1', base)).toBe(false);
    expect(triedAlike(world, facing, 'can-1', [])).toBe(false);
    // The items still in the world keep theirs.
    expect(pickOrigin(world, 'can-2')).toBeDefined();
    expect(baseStayedSince(world, 'can-2', base)).toBe(true);
    expect(triedAlike(world, facing, 'can-2', [])).toBe(true);
  });
});
