import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { allFixtureBoxes } from '../../../scenes/fixture-geometry.ts';
import { loadScene } from '../../../scenes/load-scene.ts';
import type { ResolvedScene, ToteFixture } from '../../../scenes/schema.ts';
import type { BinRegion, ClutterFixtureBox } from '../../../sim/clutter/clutter-types.ts';
import { composePoses, makePose } from '../../../src/math/pose.ts';

/** The bin scene the clutter starts from. */
export const GRASP_BIN_SCENE = fileURLToPath(new URL('../../../scenes/grasp-bin.yaml', import.meta.url));

/** The static part of a bin scene: its fixture boxes with their surfaces, and the bin's inside. */
export interface BinScene {
  readonly name: string;
  readonly fixtures: readonly ClutterFixtureBox[];
  readonly bin: BinRegion;
}

/** Loads a bin scene file and keeps its fixtures (the file's own objects are replaced by the random clutter). */
export async function loadBinScene(path: string = GRASP_BIN_SCENE): Promise<BinScene> {
  return binScene(await loadScene(path));
}

/** The fixtures and the inside of the first bin (or tote) of a resolved scene. */
export function binScene(scene: ResolvedScene): BinScene {
  const binFixture = scene.fixtures.find(
    (f): f is ToteFixture & (typeof scene.fixtures)[number] => f.kind === 'bin' || f.kind === 'tote',
  );
  if (binFixture === undefined) throw new Error(`scenes: ${scene.fileName} has no bin or tote fixture`);
  const fixtures = allFixtureBoxes(scene.fixtures).map((box): ClutterFixtureBox => {
    const material = scene.materials[box.material] ?? { friction: 0.6, restitution: 0 };
    return {
      id: box.id,
      poseInWorld: box.poseInWorld,
      halfExtentsM: box.halfExtentsM,
      friction: material.friction,
      restitution: material.restitution,
    };
  });
  const [ix, iy, iz] = binFixture.innerSizeM;
  const centre = makePose(new Vector3(0, 0, binFixture.wallThicknessM + iz / 2));
  return {
    name: scene.name,
    fixtures,
    bin: { poseInWorld: composePoses(binFixture.poseInWorld, centre), halfExtentsM: [ix / 2, iy / 2, iz / 2] },
  };
}
