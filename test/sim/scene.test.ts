import { describe, expect, it } from 'vitest';
import { loadScene } from '../../scenes/load-scene.ts';
import { bodyPose } from '../../sim/bodies.ts';
import { createSimulation, SceneIntersectionError, type Simulation } from '../../sim/build-scene.ts';
import type { SimMobileBase } from '../../sim/sim-base.ts';
import { makePose } from '../../src/math/pose.ts';
import { runMotion } from '../../sim/hand-rigs.ts';

const scenePath = (name: string): string => new URL(`../../scenes/${name}.yaml`, import.meta.url).pathname;

function positions(s: Simulation): number[] {
  return [...s.objects.values()].flatMap((o) => bodyPose(s.sim, o.bodyHandle).position.toArray());
}

function maxDisplacementM(a: number[], b: number[]): number {
  let max = 0;
  for (let i = 0; i < a.length; i += 3)
    max = Math.max(max, Math.hypot(a[i]! - b[i]!, a[i + 1]! - b[i + 1]!, a[i + 2]! - b[i + 2]!));
  return max;
}

describe('createSimulation (scene build)', () => {
  it('builds the tabletop: objects rest where placed and the world model follows physics', async () => {
    const s = await createSimulation(await loadScene(scenePath('tabletop')), { seed: 1 });
    expect(s.robots.get('ur')?.parts.arms).toHaveLength(1);
    const start = positions(s);
    s.sim.runFor(1000);
    expect(maxDisplacementM(start, positions(s))).toBeLessThan(0.005);
    const [id, obj] = [...s.objects.entries()][0]!;
    expect(
      s.worldModel.object(id)!.poseInWorld.position.distanceTo(bodyPose(s.sim, obj.bodyHandle).position),
    ).toBeLessThan(1e-6);
    s.free();
  });

  it('names the object and the fixture when an object starts inside a fixture', async () => {
    const scene = await loadScene(scenePath('tabletop'));
    const first = scene.objects[0]!;
    // Sunk 3 cm into the table top: the scene loader's boxes would catch this too; the sim checks exact shapes.
    const sunk = {
      ...first,
      poseInWorld: makePose(first.poseInWorld.position.clone().setZ(first.poseInWorld.position.z - 0.03)),
    };
    const bad = { ...scene, objects: [sunk, ...scene.objects.slice(1)] };
    const build = createSimulation(bad, { seed: 1 });
    await expect(build).rejects.toBeInstanceOf(SceneIntersectionError);
    await expect(build).rejects.toThrow(new RegExp(`object '${first.id}' intersects fixture 'table/top'`));
  });

  it('is deterministic: two runs with the same seed give identical trajectories, and a snapshot replays exactly', async () => {
    const scene = await loadScene(scenePath('grasp-bin'));
    const run = async (): Promise<number[][]> => {
      const s = await createSimulation(scene, { seed: 42 });
      const samples: number[][] = [positions(s)];
      for (let i = 0; i < 5; i++) {
        s.sim.runFor(200);
        samples.push(positions(s));
      }
      s.free();
      return samples;
    };
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
    // Not a still life: something in the clutter settles or falls, so the comparison has motion to check.
    expect(maxDisplacementM(a[0]!, a[5]!)).toBeGreaterThan(0.05);

    const s = await createSimulation(scene, { seed: 42 });
    s.sim.runFor(100);
    const snap = s.sim.takeSnapshot();
    s.sim.runFor(300);
    const first = positions(s);
    s.sim.restoreSnapshot(snap);
    expect(s.sim.timeMs).toBeCloseTo(snap.timeMs, 9);
    s.sim.runFor(300);
    expect(positions(s)).toEqual(first);
    s.free();
  });

  it('builds the retail aisle and drives the humanoid without disturbing the shelves', async () => {
    const s = await createSimulation(await loadScene(scenePath('retail-aisle')), { seed: 3 });
    expect(s.objects.size).toBeGreaterThanOrEqual(150);
    const robot = [...s.robots.values()][0]!;
    const base = robot.parts.base as SimMobileBase;
    const start = positions(s);
    const from = base.pose();
    // Down the aisle (the shelves face each other across x).
    const goal = { x: from.x, y: from.y + 0.8, yawRad: from.yawRad + 0.2 };
    expect(runMotion(s.sim, base.goTo(goal).execution$, 10_000)).toBe('completed');
    const at = base.pose();
    expect(Math.hypot(at.x - goal.x, at.y - goal.y)).toBeLessThan(0.01);
    expect(maxDisplacementM(start, positions(s))).toBeLessThan(0.01);
    s.free();
  });
});
