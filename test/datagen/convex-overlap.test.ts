import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { boxPolytope, overlapDepthM, shapePolytope } from '../../sim/grasp-trial/convex-overlap.ts';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';

// The approach check's geometry against distances worked out by hand. Rapier's intersectsShape called shapes 0.5–3 mm
// apart colliding; these are the gaps that must now read as clear, and overlaps of a few mm that must read as hits.

const IDENTITY = new Quaternion();
const GAPS_M = [0.0005, 0.001, 0.003];
const OVERLAPS_M = [0.0005, 0.001, 0.004];
const about = (axis: Vector3, angleRad: number) => new Quaternion().setFromAxisAngle(axis, angleRad);
const Z = new Vector3(0, 0, 1);
const X = new Vector3(1, 0, 0);

/** A 20 × 10 × 50 mm pad box, the default jaw's. */
const PAD = boxPolytope([0.005, 0.01, 0.025]);

describe('exact overlap of convex shapes (the approach check)', () => {
  it('gives the signed face-to-face distance of two boxes', () => {
    const object = boxPolytope([0.025, 0.025, 0.025]);
    for (const d of [...GAPS_M, ...OVERLAPS_M.map((o) => -o)]) {
      const at = new Vector3(0.025 + 0.005 + d, 0.003, -0.004);
      // Positive depth is overlap: a gap d reads −d, an overlap o reads o.
      expect(overlapDepthM(object, new Vector3(), IDENTITY, PAD, at, IDENTITY)).toBeCloseTo(-d, 9);
    }
  });

  it('finds a box corner turned toward a face: the clearance is the corner distance, not the bounding boxes', () => {
    // A 50 mm cube turned 45° about z reaches 25·√2 mm along x; the pad's face sits past that by the gap.
    const object = boxPolytope([0.025, 0.025, 0.025]);
    const reach = 0.025 * Math.SQRT2;
    for (const gap of GAPS_M) {
      const at = new Vector3(reach + 0.005 + gap, 0, 0);
      const depth = overlapDepthM(object, new Vector3(), about(Z, Math.PI / 4), PAD, at, IDENTITY);
      expect(depth).toBeLessThan(0);
      expect(depth).toBeLessThanOrEqual(TRIAL_PROTOCOL.approachToleranceM);
    }
    for (const overlap of OVERLAPS_M) {
      const at = new Vector3(reach + 0.005 - overlap, 0, 0);
      expect(overlapDepthM(object, new Vector3(), about(Z, Math.PI / 4), PAD, at, IDENTITY)).toBeCloseTo(overlap, 9);
    }
  });

  it('finds two boxes crossed edge to edge (the axis is a cross product of edges)', () => {
    // Two long bars turned 45° about x and about z, their edges crossing; the exact gap is along z.
    const bar = boxPolytope([0.05, 0.005, 0.005]);
    const other = boxPolytope([0.005, 0.05, 0.005]);
    const turnA = about(X, Math.PI / 4);
    const turnB = about(new Vector3(0, 1, 0), Math.PI / 4);
    const edgeReach = 0.005 * Math.SQRT2;
    for (const d of [...GAPS_M, ...OVERLAPS_M.map((o) => -o)]) {
      const at = new Vector3(0, 0, 2 * edgeReach + d);
      expect(overlapDepthM(bar, new Vector3(), turnA, other, at, turnB)).toBeCloseTo(-d, 9);
    }
  });

  it('gives the distance of a cylinder side to a pad within the prism error (0.12 % of the radius)', () => {
    const r = 0.03;
    const can = shapePolytope({ kind: 'cylinder', radiusM: r, heightM: 0.12 });
    const tolerance = r * 0.0013;
    for (const angle of [0, 0.3, Math.PI / 7, 1.1]) {
      const toward = new Vector3(Math.cos(angle), Math.sin(angle), 0);
      const padTurn = about(Z, angle);
      for (const d of [...GAPS_M, ...OVERLAPS_M.map((o) => -o)]) {
        const at = toward
          .clone()
          .multiplyScalar(r + 0.005 + d)
          .setZ(0.01);
        const depth = overlapDepthM(can, new Vector3(), IDENTITY, PAD, at, padTurn);
        expect(Math.abs(depth + d)).toBeLessThan(tolerance);
        // The errors all lean toward overlap, never toward calling a real overlap clear.
        if (d < 0) expect(depth).toBeGreaterThan(TRIAL_PROTOCOL.approachToleranceM);
      }
    }
  });

  it('measures a cylinder rim against a pad past its end cap, and a lying cylinder against a box below it', () => {
    const r = 0.02;
    const can = shapePolytope({ kind: 'cylinder', radiusM: r, heightM: 0.1 });
    for (const d of [...GAPS_M, ...OVERLAPS_M.map((o) => -o)]) {
      // Pad flat above the cap (pad's thin axis along z after a turn about y).
      const above = new Vector3(0.01, 0, 0.05 + 0.005 + d);
      const depth = overlapDepthM(can, new Vector3(), IDENTITY, PAD, above, about(new Vector3(0, 1, 0), Math.PI / 2));
      expect(depth).toBeCloseTo(-d, 9);
      // The same can lying along x on a table box: its side is r above the box's top face.
      const table = boxPolytope([0.2, 0.2, 0.01]);
      const lying = overlapDepthM(
        can,
        new Vector3(0, 0, r + 0.01 + d),
        about(new Vector3(0, 1, 0), Math.PI / 2),
        table,
        new Vector3(),
        IDENTITY,
      );
      expect(Math.abs(lying + d)).toBeLessThan(r * 0.0013);
    }
  });
});
