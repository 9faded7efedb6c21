import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadObjects } from '../../apps/datagen/object-source.ts';
import { SCENE_LIMITS } from '../../scenes/scene-limits.ts';
import { runDatagen } from '../../apps/datagen/datagen-run.ts';
import { RandomizationSchema } from '../../apps/datagen/randomization.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { sphereSoup, writeBinaryStl } from '../scenes/mesh-files.ts';

// A 200k-triangle mesh used to spend tens of seconds in Rapier's hull and die with a WASM `unreachable`. Now it is
// sampled and simulated through a hull of at most SCENE_LIMITS.hullPoints extreme points, and says so.

describe('a dense mesh in datagen', () => {
  it('is taken through its hull with a notice line, and its grasps are labelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embody-dense-'));
    writeBinaryStl(join(dir, 'ball.stl'), sphereSoup(0.03, 400, 250));
    const notices: string[] = [];
    const [ball] = await loadObjects(dir, '/', 1, (line) => notices.push(line));
    expect(notices).toEqual([
      `${dir}/ball.stl: 200000 triangles (over ${SCENE_LIMITS.hullInputTriangles}): grasps are sampled and tested on its convex hull of at most ${SCENE_LIMITS.hullPoints} extreme points`,
    ]);
    expect(ball!.shape.kind === 'convex' && ball!.shape.pointsM.length / 3).toBe(1024);
    expect(ball!.triangles.length / 9).toBeLessThan(2 * 1024);
    const summary = await runDatagen({
      objects: [ball!],
      objectsSpec: dir,
      settings: {
        effector: EMBODY_JAW_80MM,
        graspsPerObject: 2,
        seed: 1,
        chunkSize: 2,
        schedule: 'fast',
        randomization: RandomizationSchema.parse({ pose: 'upright' }),
      },
      workers: 0,
      outDir: join(dir, 'out'),
    });
    expect(summary.counts.done).toBe(2);
  }, 120_000);
});
