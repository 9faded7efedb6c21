import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { EMBODY_JAW_80MM, SUCTION_30MM } from '../../sim/grasp-trial/effector-models.ts';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps } from '../../apps/datagen/antipodal-sampler.ts';
import { primitiveTriangles } from '../../apps/datagen/primitive-mesh.ts';
import { sampleSuctionGrasps } from '../../apps/datagen/suction-sampler.ts';
import { castRay, surfaceMesh } from '../../apps/datagen/surface-mesh.ts';
import { seededRandom } from '../../src/math/random.ts';

const box = (x: number, y: number, z: number) => surfaceMesh(primitiveTriangles({ kind: 'box', sizeM: [x, y, z] }));

describe('surface meshes of primitives', () => {
  it.each([
    ['box', { kind: 'box', sizeM: [0.1, 0.2, 0.3] }],
    ['cylinder', { kind: 'cylinder', radiusM: 0.03, heightM: 0.1 }],
    ['sphere', { kind: 'sphere', radiusM: 0.04 }],
  ] as const)('%s normals point outward', (_name, shape) => {
    const mesh = surfaceMesh(primitiveTriangles(shape));
    for (let t = 0; t < mesh.normals.length / 3; t++) {
      const centroid = new Vector3()
        .fromArray(mesh.triangles, 9 * t)
        .add(new Vector3().fromArray(mesh.triangles, 9 * t + 3))
        .add(new Vector3().fromArray(mesh.triangles, 9 * t + 6));
      expect(centroid.dot(new Vector3().fromArray(mesh.normals, 3 * t))).toBeGreaterThan(0);
    }
  });

  it('casts a ray through a box to its far face', () => {
    const hit = castRay(box(0.06, 0.06, 0.06), new Vector3(-0.03, 0, 0), new Vector3(1, 0, 0), 1, 1e-6);
    expect(hit?.distanceM).toBeCloseTo(0.06, 6);
    expect(hit?.normal.x).toBeCloseTo(1, 6);
  });
});

describe('antipodal sampling', () => {
  it('gives pairs within the opening, contact angles within the axis cone, a proper gripper frame', () => {
    const grasps = sampleAntipodalGrasps(box(0.05, 0.06, 0.2), EMBODY_JAW_80MM, 40, seededRandom(4));
    expect(grasps.length).toBe(40);
    for (const g of grasps) {
      expect(g.widthM).toBeLessThanOrEqual(EMBODY_JAW_80MM.maxOpeningM);
      expect(g.contactAngle1Rad).toBeLessThanOrEqual(DEFAULT_ANTIPODAL.axisConeRad + 1e-9);
      // Opposite faces of a box are parallel: both contacts make the same angle with the axis.
      expect(g.contactAngle2Rad).toBeCloseTo(g.contactAngle1Rad, 6);
      expect(g.gripperInObject.determinant()).toBeCloseTo(1, 6);
      const x = new Vector3().setFromMatrixColumn(g.gripperInObject, 0);
      expect(x.dot(g.axisInObject)).toBeCloseTo(1, 6);
    }
  });

  it('finds nothing within the opening on a box wider than it, unless asked to keep those', () => {
    const wide = box(0.12, 0.12, 0.12);
    expect(sampleAntipodalGrasps(wide, EMBODY_JAW_80MM, 10, seededRandom(1))).toEqual([]);
    const kept = sampleAntipodalGrasps(wide, EMBODY_JAW_80MM, 10, seededRandom(1), {
      ...DEFAULT_ANTIPODAL,
      keepTooWide: true,
      rejectColliding: false,
    });
    expect(kept.length).toBe(10);
    for (const g of kept) expect(g.widthM).toBeGreaterThan(EMBODY_JAW_80MM.maxOpeningM);
  });

  it('is a pure function of the seed', () => {
    const a = sampleAntipodalGrasps(box(0.05, 0.06, 0.1), EMBODY_JAW_80MM, 5, seededRandom(9));
    const b = sampleAntipodalGrasps(box(0.05, 0.06, 0.1), EMBODY_JAW_80MM, 5, seededRandom(9));
    expect(a.map((g) => g.gripperInObject.elements)).toEqual(b.map((g) => g.gripperInObject.elements));
  });
});

describe('suction sampling', () => {
  it('approaches flat box faces along the inward normal', () => {
    const grasps = sampleSuctionGrasps(box(0.1, 0.1, 0.1), SUCTION_30MM, 20, seededRandom(2));
    expect(grasps.length).toBe(20);
    for (const g of grasps) {
      expect(g.rimDeviationM).toBeLessThan(1e-6);
      const z = new Vector3().setFromMatrixColumn(g.gripperInObject, 2);
      expect(Math.max(Math.abs(z.x), Math.abs(z.y), Math.abs(z.z))).toBeCloseTo(1, 6);
    }
  });

  it('finds no seal on a thin cylinder side or on a face smaller than the cup', () => {
    const rod = surfaceMesh(primitiveTriangles({ kind: 'cylinder', radiusM: 0.012, heightM: 0.3 }));
    expect(sampleSuctionGrasps(rod, SUCTION_30MM, 10, seededRandom(3))).toEqual([]);
  });
});
