import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeSkillContext, type StoreSession } from '../../apps/restock/store-session.ts';
import { restockFacing } from '../../skills/restock.ts';
import { objectsIn, stockPlace } from '../../skills/restock/stock.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { storeWithEmptyFacing } from '../helpers/store-case.ts';

// Demo seed 10's milk carton was knocked off the cart by the arm's swing to the pre-grasp; the grasp then ran as
// planned on nothing and reported "gripper closed empty". A target moved before the close is named as such, with how
// far it moved, before the hand closes.
const FACING = 'aisle-a/level-1/slot-4/facing-2';

describe('the grasp notices a target moved since its plan', () => {
  let store: StoreSession;
  let cartonId: string;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(10, FACING);
    const tote = objectsIn(store.world, stockPlace(store.world, store.stockPlace));
    cartonId = tote.find((o) => o.id.includes('/milk-carton-1l-'))!.id;
    // Alone in the tote, so the carton can be moved to the tote's other side without meeting another item.
    for (const o of tote) if (o.id !== cartonId) store.simulation.removeObject(o.id);
    store.simulation.sim.runFor(200);
  }, 120_000);
  afterAll(() => store?.free());

  it("fails missed naming the move (not 'closed empty') when the target is moved during the swing", () => {
    const failures: NonNullable<TelemetryEvent['failure']>[] = [];
    let swinging = false;
    let done = false;
    const sink = {
      emit: (e: Omit<TelemetryEvent, 'seq' | 'wallTimeMs'>) => {
        if (e.kind === 'failed' && e.failure && e.path.endsWith('/grasp')) failures.push(e.failure);
        if (e.kind === 'progress' && e.path.endsWith('/grasp') && e.message === 'plan') swinging = true;
      },
    };
    runSkill(
      restockFacing({ facing: FACING, stock: store.stockPlace, attempts: 1 }),
      storeSkillContext(store, sink),
    ).subscribe({ error: () => (done = true), complete: () => (done = true) });
    const sim = store.simulation.sim;
    sim.runUntil(() => done || swinging, 240_000);
    expect(swinging).toBe(true);
    // As the arm starts its swing to the pre-grasp, the carton is shoved 15 cm along the tote.
    const body = sim.body(store.simulation.objects.get(cartonId)!.bodyHandle);
    const at = body.translation();
    body.setTranslation({ x: at.x - 0.15, y: at.y, z: at.z }, true);
    sim.runUntil(() => done || failures.length > 0, 240_000);
    expect(failures[0]?.reason).toBe('missed');
    expect(failures[0]?.message).toMatch(new RegExp(`'${cartonId}' moved 1[45]\\d mm`));
  }, 300_000);
});
