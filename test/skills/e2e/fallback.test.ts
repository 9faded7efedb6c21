import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScene } from '../../../scenes/parse-scene.ts';
import { createSimulation } from '../../../sim/index.ts';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { servicesForScene } from '../../../scenes/skill-services.ts';
import { Blackboard } from '../../../src/skill/blackboard.ts';
import { pick } from '../../../skills/pick.ts';
import { fallback } from '../../../src/graph/fallback.ts';
import { seededRandom } from '../../../src/math/random.ts';
import { NULL_SINK } from '../../../src/telemetry/bus.ts';
import { runInSim, type SimHarness } from './sim-harness.ts';

// A 14 cm cube-ish parcel on a table: wider than the gripper's 10 cm opening on every axis, a large flat top.
const SCENE = `
name: fallback-bench
fixtures:
  - { id: floor, kind: floor }
  - { id: table, kind: table, pose: { position: [0.75, 0, 0] }, topSizeM: [0.6, 0.8], heightM: 0.7 }
objects:
  - { id: parcel, shape: { kind: box, sizeM: [0.14, 0.14, 0.1] }, massKg: 0.3, material: cardboard, pose: { frame: table/top, position: [-0.15, 0.2, 0.05] } }
robots:
  - id: picker
    urdf: ../hardware/robots/wheeled-humanoid.urdf
    basePose: { position: [0, 0, 0] }
    initialJointPositions: { torso_lift_joint: 0.4, left_shoulder_lift_joint: 1.4, left_elbow_flex_joint: -1.9, right_shoulder_lift_joint: 1.4, right_elbow_flex_joint: -1.9 }
`;

async function harness(seed: number): Promise<SimHarness> {
  const scene = parseScene(SCENE, fileURLToPath(new URL('../../../scenes/fallback-bench.yaml', import.meta.url)));
  const simulation = await createSimulation(scene, { seed });
  simulation.sim.runFor(300);
  const robot = simulation.robots.get('picker')!;
  return {
    simulation,
    ctx: {
      robot,
      world: simulation.worldModel,
      scheduler: simulation.sim.scheduler,
      random: seededRandom(seed),
      telemetry: NULL_SINK,
      services: servicesForScene(scene, simulation.worldModel, simulation.services),
      blackboard: new Blackboard(),
    },
  };
}

describe('fallback in the sim: gripper too small → suction (wheeled humanoid, seed 1)', () => {
  it('the gripper pick alone fails no-grasp, naming the opening, without moving anything', async () => {
    const h = await harness(1);
    try {
      const startMs = h.simulation.sim.timeMs;
      const run = runInSim(h, pick({ object: 'parcel', effector: 'gripper' }), 5_000);
      expect(run.outcome.failure?.reason).toBe('no-grasp');
      expect(run.outcome.failure?.detail).toMatchObject({ objectId: 'parcel', gripperMaxWidthM: 0.1 });
      expect(run.outcome.endMs! - startMs).toBeLessThan(50);
      expect(run.events.some((e) => e.message === 'plan' || e.message === 'stand-off')).toBe(false);
    } finally {
      h.simulation.free();
    }
  });

  it('fallback(pick gripper, pick suction): the suction pick lifts the parcel', async () => {
    const h = await harness(1);
    try {
      const restZ = h.simulation.worldModel.object('parcel')!.poseInWorld.position.z;
      const graph = fallback(
        { name: 'pick-any' },
        pick({ object: 'parcel', effector: 'gripper' }),
        pick({ object: 'parcel', effector: 'suction' }),
      );
      const run = runInSim(h, graph, 30_000);
      expect(run.outcome.failure?.describe()).toBeUndefined();
      expect(run.outcome.done).toBe(true);
      // The suction child is what ran the grasp.
      const plan = run.events.find((e) => e.message === 'plan' && e.data?.effector !== undefined);
      expect(plan?.data).toMatchObject({ arm: 'left', effector: 'suction' });
      expect(run.events.some((e) => e.message === 'sealed')).toBe(true);
      expect(heldObject(h.ctx.blackboard, 'parcel')).toMatchObject({ effector: 'suction', armName: 'left' });
      // Physics agrees: the parcel is off the table, in the cup.
      expect(h.simulation.worldModel.object('parcel')!.poseInWorld.position.z).toBeGreaterThan(restZ + 0.05);
    } finally {
      h.simulation.free();
    }
  });
});
