import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { runInSim, simHarness } from './sim-harness.ts';

/** Board top heights of the shelving units in scenes/retail-aisle.yaml (levels 1-4), m. */
const BOARD_TOP_Z_M = [0.15, 0.6, 1.05, 1.5];
const CAN_HEIGHT_M = 0.115;
const SLOT_WIDTH_M = 1.8 / 6;

interface Case {
  readonly label: string;
  readonly object: string;
  readonly slot: string;
  readonly level: number;
  /** How far the can ends from where it stood in the tote, horizontally, m. */
  readonly minTravelM: number;
}

// A low (level 1, under the knees) and a high (level 4, above the shoulders) empty slot, both at the far end of
// aisle-a, over 2 m from the tote.
const CASES: readonly Case[] = [
  { label: 'LOW level 1', object: 'stock-tote/can-330ml-3', slot: 'aisle-a/level-1/slot-6', level: 1, minTravelM: 2 },
  { label: 'HIGH level 4', object: 'stock-tote/can-330ml-8', slot: 'aisle-a/level-4/slot-6', level: 4, minTravelM: 2 },
];

describe('restocking retail shelf slots end to end (wheeled humanoid, seed 1)', () => {
  for (const c of CASES) {
    it(`picks a can from the tote with the gripper, carries it across the aisle and places it into ${c.slot} (${c.label}) within 1 cm / 5°`, async () => {
      const h = await simHarness('retail-aisle.yaml', 'picker', 1);
      try {
        const world = h.simulation.worldModel;
        const slot = world.place(c.slot)!;
        expect(slot.tags).toContain('empty');
        const start = world.object(c.object)!.poseInWorld.position.clone();

        const run = runInSim(h, pickAndPlace({ object: c.object, target: c.slot }), 120_000);
        expect(run.outcome.failure?.describe()).toBeUndefined();
        expect(run.outcome.done).toBe(true);

        // A can goes to the parallel gripper, as the catalog prefers for round bodies.
        expect(run.events.find((e) => e.path.endsWith('/grasp') && e.message === 'plan')?.data?.effector).toBe(
          'gripper',
        );
        const placed = run.events.find((e) => e.message === 'placed');
        expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
        expect(placed?.data?.tiltDeg).toBeLessThanOrEqual(5);

        // Carried across the aisle by the base: the carry drove to the shelf's stand-off.
        const carryPlan = run.events.find(
          (e) => e.path.includes('/carry/goWithinReach/navigate') && e.message === 'plan',
        );
        expect(carryPlan?.data?.lengthM).toBeGreaterThan(1);
        // The carry that ran is the one planned with the pick (checked again from where the arm stood, with the
        // hold as seen), not one re-planned at run time.
        const carried = run.events.filter((e) => e.path.endsWith('/stowForCarry') && e.data?.carry !== undefined);
        expect(carried.length).toBeGreaterThan(0);
        expect(new Set(carried.map((e) => e.data?.carry))).toEqual(new Set(['as planned']));

        // Released, and still there after another second of physics: resting, not held or tipping.
        expect(heldObject(h.ctx.blackboard, c.object)).toBeUndefined();
        const rest = world.object(c.object)!.poseInWorld;
        const restAt = rest.position.clone();
        h.simulation.sim.runFor(1000);
        const after = world.object(c.object)!.poseInWorld;
        expect(after.position.distanceTo(restAt)).toBeLessThan(0.002);

        // Where the place meant it to go (the slot's front part), within 1 cm, upright within 5°.
        const intended = new Vector3(
          ...(run.events.find((e) => e.path.endsWith('/place') && e.message === 'plan')!.data!.objectAtRest as [
            number,
            number,
            number,
          ]),
        );
        expect(after.position.distanceTo(intended)).toBeLessThanOrEqual(0.01);
        const upDeg =
          (new Vector3(0, 0, 1).applyQuaternion(after.quaternion).angleTo(new Vector3(0, 0, 1)) * 180) / Math.PI;
        expect(upDeg).toBeLessThanOrEqual(5);

        // Standing on this level's board, inside the slot's width and depth.
        const bottomZ = after.position.z - CAN_HEIGHT_M / 2;
        expect(Math.abs(bottomZ - BOARD_TOP_Z_M[c.level - 1]!)).toBeLessThan(0.005);
        const inSlot = after.position
          .clone()
          .sub(slot.poseInWorld.position)
          .applyQuaternion(slot.poseInWorld.quaternion.clone().invert());
        expect(Math.abs(inSlot.y)).toBeLessThan(SLOT_WIDTH_M / 2 - 0.033);
        expect(Math.abs(inSlot.x)).toBeLessThan(slot.sizeM![0] / 2 - 0.033);
        expect(Math.hypot(after.position.x - start.x, after.position.y - start.y)).toBeGreaterThan(c.minTravelM);
      } finally {
        h.simulation.free();
      }
    }, 90_000);
  }
});
