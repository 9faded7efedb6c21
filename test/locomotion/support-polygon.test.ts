import { Vector2 } from 'three';
import { describe, expect, it } from 'vitest';
import { stabilityMargin, supportPolygon } from '../../src/locomotion/support-polygon.ts';

const SOLE = { lengthM: 0.2, widthM: 0.1 };

// Store seed 4 (issue 16): the biped's carry walk ended with its feet side by side at a stand-off facing +x, their
// x 1e-16 m apart by rounding. The hull of the two soles lost the left sole's front outer corner, so the ZMP at
// the left sole's centre sat on the cut edge: the walk was refused at -0.0 mm of margin.
describe('the support polygon of two feet side by side', () => {
  it("keeps every outer corner when the feet's x differ by a rounding error", () => {
    const left = { x: 0.24243721052357603, y: -0.03233333333333341, zM: 0, yawRad: 4.440892098500626e-16 };
    const right = { x: 0.24243721052357614, y: -0.23233333333333342, zM: 0, yawRad: 4.440892098500626e-16 };
    const polygon = supportPolygon([left, right], SOLE);
    expect(polygon).toHaveLength(4);
    // The left sole's centre is half a sole's width inside its outer edge, the nearest one.
    expect(stabilityMargin(new Vector2(left.x, left.y), polygon)).toBeCloseTo(SOLE.widthM / 2, 6);
    // And the rectangle is the one the feet span exactly side by side.
    const exact = supportPolygon(
      [
        { ...left, x: 0.2424, yawRad: 0 },
        { ...right, x: 0.2424, yawRad: 0 },
      ],
      SOLE,
    );
    for (const p of [new Vector2(0.3, 0), new Vector2(0.18, -0.25), new Vector2(0.24, -0.13)])
      expect(stabilityMargin(p, polygon)).toBeCloseTo(stabilityMargin(p, exact), 3);
  });
});
