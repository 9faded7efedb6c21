import { describe, expect, it } from 'vitest';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { runInSim, simHarness } from './sim-harness.ts';

describe('nothing else moves (Rapier sim, tabletop, seed 1)', () => {
  it('a product knocked while the can is carried fails pickAndPlace with collision, naming it and how far', async () => {
    const h = await simHarness('tabletop.yaml', 'ur', 1);
    try {
      const skill = pickAndPlace({ object: 'can-1', target: 'target/b' });
      const run = runInSim(h, skill, 60_000, (events) => events.some((e) => e.message === 'pre-place'));
      expect(run.outcome.done).toBe(false);
      // Mid-carry the box gets a shove away from the can (as a swinging arm would give it): physics moves it.
      const box = h.simulation.objects.get('box-1')!;
      const can = h.simulation.worldModel.object('can-1')!.poseInWorld.position;
      const start = h.simulation.worldModel.object('box-1')!.poseInWorld.position.clone();
      const away = start.clone().sub(can).setZ(0).normalize();
      h.simulation.sim.body(box.bodyHandle).setLinvel({ x: away.x * 0.6, y: away.y * 0.6, z: 0 }, true);
      h.simulation.sim.runUntil(() => run.outcome.done, 60_000);
      const movedM = h.simulation.worldModel.object('box-1')!.poseInWorld.position.distanceTo(start);
      expect(movedM).toBeGreaterThan(0.02);
      const failure = run.outcome.failure;
      expect(failure?.reason).toBe('collision');
      expect(failure?.message).toMatch(/^knocked other objects: box-1 moved \d+\.\d cm/);
      // The can itself was placed, and a knock is not re-planned: one plan.
      expect(run.events.filter((e) => e.message === 'placed')).toHaveLength(1);
      expect(run.events.filter((e) => e.path.endsWith('/planPickAndPlace') && e.message === 'plan')).toHaveLength(1);
      const collateral = run.events.find((e) => e.message === 'collateral');
      expect(collateral?.data?.['collateral']).toMatchObject([{ objectId: 'box-1' }]);
    } finally {
      h.simulation.free();
    }
  });

  it('the same pick-and-place without the shove succeeds: the check does not fire on the robot’s own work', async () => {
    const h = await simHarness('tabletop.yaml', 'ur', 1);
    try {
      const run = runInSim(h, pickAndPlace({ object: 'can-1', target: 'target/b' }), 60_000);
      expect(run.outcome.failure?.describe()).toBeUndefined();
      expect(run.events.some((e) => e.message === 'collateral')).toBe(false);
    } finally {
      h.simulation.free();
    }
  });
});
