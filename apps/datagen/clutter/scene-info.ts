import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { DEFAULT_SETTLE } from '../../../sim/clutter/clutter-types.ts';
import type { ScenesSummary } from './run-scenes.ts';
import { SCENE_SEED_SALT } from './scene-plan.ts';
import { CONTACT_GRASPNET_LAYOUT } from './scene-npz.ts';
import { SCENE_COLUMNS } from './scene-schema.ts';
import type { SceneSettings } from './scene-settings.ts';

/** The `scenes` section of meta/info.json: settings, seeding, counts, per-scene records and the file schema. */
export function scenesInfo(summary: ScenesSummary, settings: SceneSettings, binScene: string): Record<string, unknown> {
  const r = summary.records;
  const sum = (f: (x: (typeof r)[number]) => number): number => r.reduce((n, x) => n + f(x), 0);
  return {
    planned: summary.planned,
    done: r.length,
    complete: r.length === summary.planned,
    binScene,
    settings,
    seeding: `scene k draws from seededRandom(seed).fork(${SCENE_SEED_SALT} + k): .fork(1) the drops, .fork(2) the camera`,
    physics: {
      settle: DEFAULT_SETTLE,
      method:
        'objects dropped one at a time above the pile, each settled before the next; objects that leave the bin are removed',
    },
    collisionCheck:
      'Rapier shape intersection of the open effector (palm + both pads at full opening, or cup + stem) at the grasp pose against the bin, the floor and every other object; the grasped object itself was judged by the isolated trial (collision_at_approach)',
    counts: {
      objects: sum((x) => x.objects),
      grasps: sum((x) => x.grasps),
      collisionFree: sum((x) => x.collisionFree),
      collisionFreeSuccesses: sum((x) => x.collisionFreeSuccesses),
      escaped: sum((x) => x.escaped),
    },
    scenes: r,
    contactGraspNet: CONTACT_GRASPNET_LAYOUT,
    schema: SCENE_COLUMNS.map((c) => ({ path: c.path, dtype: c.dtype, shape: c.shape, description: c.description })),
  };
}

/** Adds the scenes section to an existing meta/info.json (written by the trials' finalize step). */
export function writeScenesInfo(outDir: string, section: Record<string, unknown>): void {
  const path = join(outDir, 'meta', 'info.json');
  const info = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  // The dataset is complete when the trials and the scenes are.
  const complete = info.complete === true && section.complete === true;
  writeFileAtomic(path, `${JSON.stringify({ ...info, complete, scenes: section }, null, 2)}\n`);
}
