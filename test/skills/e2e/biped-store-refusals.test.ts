import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StoreLife } from '../../../apps/restock/store-life.ts';
import { openStore, storeSkillContext } from '../../../apps/restock/store-session.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import { heldBy } from '../../../skills/arm/held-objects.ts';
import { restockFacing } from '../../../skills/restock.ts';
import type { SkillProgress } from '../../../src/skill/events.ts';
import { runSkill } from '../../../src/skill/run.ts';

const PLANOGRAM = fileURLToPath(new URL('../../../scenes/store-planogram.yaml', import.meta.url));
/** A pasta box on the 0.6 m board (aisle-b): a product the wheeled humanoid takes with its cup. */
const FACING = 'aisle-b/level-2/slot-1/facing-1';

describe('the biped (grippers, no cup) in the store: a box facing it cannot place into (seed 6)', () => {
  it('plans the box with its grippers only, and skips the facing with the gripper place refused, untouched', async () => {
    const store = await openStore({
      planogramPath: PLANOGRAM,
      seed: 6,
      initialFill: 1,
      emptyFacings: [FACING],
      robotFor: withBiped,
    });
    try {
      expect(store.robot.parts.suctionCups).toEqual([]);
      const life = new StoreLife(store, { emit: () => undefined }, { shopperItemsPerHour: 0 });
      life.start();
      store.simulation.sim.runFor(500);
      life.stop();
      const boxes = store.world.objects().filter((o) => o.id.startsWith('stock/pasta-box'));
      expect(boxes.length).toBeGreaterThan(0);
      const before = new Map(boxes.map((o) => [o.id, o.poseInWorld.position.clone()]));
      const failures: { reason: string; message: string; path: string }[] = [];
      const telemetry = {
        listening: true,
        emit: (e: { kind: string; path?: string; failure?: { reason: string; message: string } }) => {
          if (e.kind === 'failed' && e.failure) failures.push({ ...e.failure, path: e.path ?? '' });
        },
      };
      const ctx = storeSkillContext(store, telemetry);
      const events: SkillProgress[] = [];
      let done = false;
      const start = store.simulation.sim.timeMs;
      runSkill(restockFacing({ facing: FACING, stock: store.stockPlace, attempts: 1 }), ctx).subscribe({
        next: (e) => events.push(e),
        complete: () => (done = true),
        error: () => (done = true),
      });
      store.simulation.sim.runUntil(() => done, 60_000);
      expect(done).toBe(true);
      expect(events.find((e) => e.message === 'skipped')?.data?.skipped).toBe(FACING);
      // No try with a cup the robot does not have: the reason given is the gripper's, found at planning.
      expect(failures.filter((f) => /suction/.test(f.message))).toEqual([]);
      const refused = failures.find((f) => f.path.endsWith('/planPickAndPlace'));
      expect(refused?.reason).toBe('unreachable');
      expect(refused?.message).toMatch(
        new RegExp(`^no feasible pick-and-place of 'stock/pasta-box-\\d+' to '${FACING}'`),
      );
      expect(refused?.message).toMatch(/gripper .*\(place\): place: no heading of the load reaches it/);
      // Refused before anything was touched: hands empty, every box where it was, in well under a second of sim.
      expect(store.robot.parts.arms.map((a) => heldBy(store.blackboard, a.name))).toEqual([undefined, undefined]);
      for (const [id, p] of before)
        expect(store.world.object(id)!.poseInWorld.position.distanceTo(p)).toBeLessThan(1e-3);
      expect(store.simulation.sim.timeMs - start).toBeLessThan(1000);
    } finally {
      store.free();
    }
  }, 120_000);
});
