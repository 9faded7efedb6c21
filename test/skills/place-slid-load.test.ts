import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreLife } from '../../apps/restock/store-life.ts';
import { openStore, storeSkillContext, type StoreSession } from '../../apps/restock/store-session.ts';
import { restockFacing } from '../../skills/restock.ts';
import { objectsIn, stockPlace } from '../../skills/restock/stock.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import { NULL_SINK } from '../../src/telemetry/bus.ts';

// Demo seed 4 (note30, "the sauce jar's topple"): a glass sauce jar held from above slid 12.5 mm down in the
// fingers during the place's move to the front of aisle-b/level-1/slot-5, after the place had read the hold; the way
// in planned for the hold as read brought its bottom 2 mm under the shelf's lip, its rim caught the lip, it pivoted
// 39° in the fingers and fell over when let go. Built here: the same store with that facing empty, and the jar moved
// 12.5 mm down between the pads as the place starts its move to the pre-place (the pads still squeeze it; it is held
// by friction where it now is).
const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
const FACING = 'aisle-b/level-1/slot-5/facing-1';
const SLIDE_M = 0.016;

describe('a load that slid in the hand before the way into a slot (store, demo seed 4, a sauce jar)', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await openStore({ planogramPath: PLANOGRAM, seed: 4, initialFill: 1, emptyFacings: [FACING] });
    const life = new StoreLife(store, { emit: () => undefined }, { shopperItemsPerHour: 0 });
    life.start();
    // The refill brings a jar for the empty facing; half a second lets it settle in the tote.
    store.simulation.sim.runFor(500);
    life.stop();
  }, 120_000);
  afterAll(() => store?.free());

  it('re-plans the way in from where the load is at the pre-place and places it upright', () => {
    const inTote = objectsIn(store.world, stockPlace(store.world, store.stockPlace));
    const id = inTote.find((o) => o.id.includes('/sauce-jar-'))!.id;
    const events: SkillProgress[] = [];
    const outcome: { done: boolean; failure?: SkillFailure } = { done: false };
    // One try: a skip would hide the reason behind a second stock item.
    const skill = restockFacing({ facing: FACING, stock: store.stockPlace, attempts: 1 });
    runSkill(skill, storeSkillContext(store, NULL_SINK)).subscribe({
      next: (e) => events.push(e),
      error: (e: unknown) => Object.assign(outcome, { done: true, failure: toSkillFailure(e) }),
      complete: () => (outcome.done = true),
    });
    const prePlace = () => events.some((e) => e.path.endsWith('/place') && e.message === 'pre-place');
    store.simulation.sim.runUntil(() => outcome.done || prePlace(), 240_000);
    expect(outcome.failure?.describe()).toBeUndefined();
    // The jar slides down between the pads, as the grip let it on seed 4.
    const body = store.simulation.sim.body(store.simulation.objects.get(id)!.bodyHandle);
    const at = body.translation();
    body.setTranslation({ x: at.x, y: at.y, z: at.z - SLIDE_M }, true);
    store.simulation.sim.runUntil(() => outcome.done, 240_000);
    // Placed upright where it was meant to go (main: the rim catches the lip, the jar falls over when let go).
    const placed = events.find((e) => e.message === 'placed');
    expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
    expect(placed?.data?.tiltDeg).toBeLessThan(3);
    expect(outcome.failure?.describe()).toBeUndefined();
    // The place saw the slide at the pre-place (a few mm of the built slide come back as the pads seat again).
    const replanned = events.find((e) => e.message === 're-planned');
    expect(replanned?.data?.['slidM']).toBeGreaterThan(0.01);
    expect(events.some((e) => e.message === 'collateral')).toBe(false);
  }, 300_000);
});
