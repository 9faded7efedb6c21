import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { DepthFrame } from '../../hardware/camera.ts';
import { SimDepthCamera } from '../../sim/sim-camera.ts';
import { makePose } from '../../src/math/pose.ts';
import { depthToPointCloud } from '../../src/perception/point-cloud.ts';
import { seededRandom } from '../../src/math/random.ts';
import { addBox, makeWorld } from '../../sim/hand-rigs.ts';

// Optical frame looking straight down from 1 m: z forward = world -z, x right = world +x, y down = world -y.
const LOOK_DOWN = makePose([0, 0, 1], new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI));

describe('depth camera (ray cast)', () => {
  it('measures depth along the optical axis and back-projects to world points', async () => {
    const sim = await makeWorld();
    addBox(sim, 'box', [0.2, 0.2, 0.1], [0, 0, 0.05], 1);
    sim.runFor(20);
    const camera = new SimDepthCamera(sim, { name: 'cam', poseInWorld: () => LOOK_DOWN });
    let frame: DepthFrame | undefined;
    camera.captureDepth().subscribe((f) => (frame = f));
    expect(frame!.intrinsics.widthPx).toBe(160);
    expect(frame!.depthM).toHaveLength(160 * 120);
    const centre = frame!.depthM[60 * 160 + 80]!;
    expect(centre).toBeCloseTo(0.9, 3);
    const corner = frame!.depthM[0]!;
    expect(corner).toBeCloseTo(1.0, 3);
    const cloud = depthToPointCloud(frame!);
    const zs = new Set<number>();
    for (let i = 2; i < cloud.length; i += 3) zs.add(Math.round(cloud[i]! * 1000));
    expect([...zs].every((z) => Math.abs(z) <= 1 || Math.abs(z - 100) <= 1)).toBe(true);
    sim.free();
  });

  it('adds seeded noise that grows with depth', async () => {
    const sim = await makeWorld();
    sim.runFor(20);
    const noisy = (seed: number) =>
      new SimDepthCamera(sim, {
        name: 'cam',
        poseInWorld: () => LOOK_DOWN,
        noise: { random: seededRandom(seed), stdAtOneMeterM: 0.002 },
      }).render().depthM;
    const a = noisy(5);
    const b = noisy(5);
    expect(b).toEqual(a);
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < a.length; i += 7) {
      const e = a[i]! - 1; // a flat floor 1 m below is at depth 1 m in every pixel
      sum += e;
      sq += e * e;
    }
    const n = Math.ceil(a.length / 7);
    const std = Math.sqrt(sq / n - (sum / n) ** 2);
    expect(std).toBeGreaterThan(0.0015);
    expect(std).toBeLessThan(0.0025);
    sim.free();
  });
});
