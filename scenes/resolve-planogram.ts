import { Quaternion, Vector3 } from 'three';
import { composePoses } from '../src/math/pose.ts';
import type { Planogram, PlanogramFacing } from '../src/world/planogram.ts';
import { CATALOG, findProduct } from './catalog.ts';
import type { PlanogramFile } from './planogram-schema.ts';
import { formatPath, SceneIssue } from './scene-error.ts';
import type { ResolvedScene, ShelfFixture } from './schema.ts';
import { shapeBoundsM } from './shape-geometry.ts';
import { shelfSlots } from './shelf-layout.ts';

/**
 * Lays a validated planogram onto a scene's shelves: every facing with its column in the world. Throws a
 * `SceneIssue` (path inside the planogram file) for a unit that is not a shelf of the scene, a level or slot the
 * unit lacks, a slot listed twice, an unknown product, or a product that does not fit (too tall for the level, too
 * deep for the board, too many facings for the slot's width).
 */
export function resolvePlanogram(file: PlanogramFile, fileName: string, scene: ResolvedScene): Planogram {
  const facings: PlanogramFacing[] = [];
  const seen = new Map<string, string>();
  file.units.forEach((unitEntry, u) => {
    const at = ['units', u];
    const shelf = scene.fixtures.find((f) => f.id === unitEntry.unit);
    if (shelf?.kind !== 'shelf') {
      const shelves = scene.fixtures.filter((f) => f.kind === 'shelf').map((f) => f.id);
      throw new SceneIssue(
        [...at, 'unit'],
        `'${unitEntry.unit}' is not a shelving unit of scene ${scene.fileName} (shelves: ${shelves.join(', ') || 'none'})`,
      );
    }
    const slots = shelfSlots(shelf.id, shelf);
    unitEntry.levels.forEach((levelEntry, l) => {
      const levelAt = [...at, 'levels', l];
      if (levelEntry.level > shelf.boardHeightsM.length) {
        throw new SceneIssue(
          [...levelAt, 'level'],
          `level ${levelEntry.level} does not exist (${shelf.id} has ${shelf.boardHeightsM.length} levels)`,
        );
      }
      levelEntry.slots.forEach((entry, s) => {
        const slotAt = [...levelAt, 'slots', s];
        const slot = slots.find((x) => x.level === levelEntry.level && x.slot === entry.slot);
        if (!slot) {
          throw new SceneIssue(
            [...slotAt, 'slot'],
            `slot ${entry.slot} does not exist (${shelf.id} has ${shelf.slots} slots per level)`,
          );
        }
        const earlier = seen.get(slot.name);
        if (earlier !== undefined)
          throw new SceneIssue([...slotAt, 'slot'], `${slot.name} is already planned at ${earlier}`);
        seen.set(slot.name, formatPath(slotAt));
        const product = findProduct(entry.sku);
        if (!product) {
          throw new SceneIssue(
            [...slotAt, 'sku'],
            `unknown product '${entry.sku}' (known: ${[...CATALOG.keys()].join(', ')})`,
          );
        }
        const [dx, dy, dz] = shapeBoundsM(product.shape);
        const [acrossM, deepM] = entry.orientation === 'front' ? [dy, dx] : [dx, dy];
        const [slotDepthM, slotWidthM, clearM] = slot.sizeM;
        if (dz > clearM) {
          throw new SceneIssue(
            [...slotAt, 'sku'],
            `${entry.sku} (${dz.toFixed(3)} m tall) does not fit under the board above level ${levelEntry.level} (${clearM.toFixed(3)} m clear)`,
          );
        }
        if (deepM > slotDepthM - usableDepthLossM(shelf)) {
          throw new SceneIssue(
            [...slotAt, 'sku'],
            `${entry.sku} (${deepM.toFixed(3)} m deep) is deeper than the board`,
          );
        }
        const gap = entry.gapM ?? file.facingGapM;
        const pitchM = acrossM + gap;
        if (entry.facings * pitchM > slotWidthM + 1e-9) {
          throw new SceneIssue(
            [...slotAt, 'facings'],
            `${entry.facings} facings of ${entry.sku} need ${(entry.facings * pitchM).toFixed(3)} m (${acrossM.toFixed(3)} m + ${gap} m gap each), the slot is ${slotWidthM.toFixed(3)} m wide`,
          );
        }
        const slotInWorld = composePoses(shelf.poseInWorld, slot.poseInShelf);
        for (let k = 0; k < entry.facings; k++) {
          const lateralM = (k - (entry.facings - 1) / 2) * pitchM;
          const poseInWorld = composePoses(slotInWorld, {
            position: new Vector3(0, lateralM, 0),
            quaternion: new Quaternion(),
          });
          facings.push({
            name: `${slot.name}/facing-${k + 1}`,
            slotName: slot.name,
            unit: shelf.id,
            level: slot.level,
            slot: slot.slot,
            facing: k + 1,
            sku: entry.sku,
            orientation: entry.orientation,
            productYawRad: yawOf(slotInWorld.quaternion) + (entry.orientation === 'front' ? 0 : Math.PI / 2),
            poseInWorld,
            sizeM: [slotDepthM, pitchM, clearM],
          });
        }
      });
    });
  });
  return { name: file.name, fileName, facings };
}

/** Depth a product cannot use at the front of a board: the lip and a little margin, m. */
function usableDepthLossM(shelf: ShelfFixture): number {
  return shelf.frontLipHeightM > 0 ? 0.03 : 0.01;
}

/** Heading of a frame's +x about world z, rad. */
function yawOf(q: Quaternion): number {
  const x = new Vector3(1, 0, 0).applyQuaternion(q);
  return Math.atan2(x.y, x.x);
}
