import { describe, expect, it } from 'vitest';
import { PreviewController } from '../../src/locomotion/lipm-preview.ts';

const DT = 1 / 240;

/** A ZMP reference that steps from 0 to `to` at `atS` and holds, sampled at the tick. */
function stepReference(durationS: number, atS: number, to: number): Float64Array {
  const n = Math.round(durationS / DT);
  return Float64Array.from({ length: n }, (_, k) => (k * DT < atS ? 0 : to));
}

describe('ZMP preview control of the linear inverted pendulum', () => {
  const controller = new PreviewController({ dtS: DT, comHeightM: 0.8, previewS: 1.6 });

  it('moves the CoM before the ZMP reference changes, as far ahead as its preview reaches', () => {
    const track = controller.track(stepReference(6, 3, 0.1), 0);
    // 1 s before the step the CoM is already under way toward it; 2 s before (beyond the preview) it has not moved.
    expect(track.position[Math.round(2 / DT)]!).toBeGreaterThan(0.001);
    expect(Math.abs(track.position[Math.round(1 / DT)]!)).toBeLessThan(1e-4);
  });

  it('brings the CoM to rest over the new ZMP, and the ZMP of its motion follows the reference', () => {
    const track = controller.track(stepReference(6, 2, 0.1), 0);
    const n = track.position.length;
    expect(track.position[n - 1]!).toBeCloseTo(0.1, 4);
    expect(Math.abs(track.velocity[n - 1]!)).toBeLessThan(1e-4);
    // Away from the jump the cart-table ZMP sits on the reference.
    for (const tS of [1, 4, 5.5]) expect(track.zmp[Math.round(tS / DT)]!).toBeCloseTo(tS < 2 ? 0 : 0.1, 3);
  });

  it('computes the ZMP of its motion as c − (z_c / g)·c̈', () => {
    const track = controller.track(stepReference(4, 1.8, -0.05), 0.3);
    for (const k of [100, 450, 800]) {
      expect(track.zmp[k]!).toBeCloseTo(track.position[k]! - (0.8 / 9.81) * track.acceleration[k]!, 12);
    }
  });

  it('starts from a moving CoM and stops it over the reference', () => {
    const reference = new Float64Array(Math.round(3 / DT)).fill(0.2);
    const track = controller.track(reference, 0.1, 0.3, 0);
    expect(track.velocity[0]!).toBeCloseTo(0.3, 9);
    const n = reference.length;
    expect(track.position[n - 1]!).toBeCloseTo(0.2, 3);
  });

  it('tracks the same wherever the walk is: far from the origin as near it', () => {
    const near = controller.track(stepReference(4, 2, 0.1), 0);
    const far = controller.track(
      stepReference(4, 2, 0.1).map((v) => v + 25),
      25,
    );
    for (const k of [10, 400, 700, 900]) expect(far.position[k]! - 25).toBeCloseTo(near.position[k]!, 9);
  });
});
