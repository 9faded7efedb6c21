import { describe, expect, it } from 'vitest';
import { Matrix4, Quaternion, Vector3 } from 'three';
import {
  PRODUCT_FLOATS,
  PoseFrame,
  ROOT_FLOATS,
  encodePoses,
  poseBufferLength,
} from '../../apps/viewer/src/worker/pose-buffer.ts';

// The console's worker → page pose buffer: one Float64Array (root, joints, product poses) transferred per frame.
const layout = { joints: ['lift', 'arm_left_1', 'arm_right_1'], products: ['can-1', 'box-7'] };
const root = new Matrix4().compose(
  new Vector3(1.5, -0.25, 0),
  new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), 0.7),
  new Vector3(1, 1, 1),
);
const poses: Record<string, { position: Vector3; quaternion: Quaternion }> = {
  'can-1': { position: new Vector3(0.1, 1.2, 0.95), quaternion: new Quaternion(0, 0, 0, 1) },
  'box-7': {
    position: new Vector3(-0.4, 1.5, 1.35),
    quaternion: new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), 0.3),
  },
};

describe('pose buffer', () => {
  it('carries root, joints by layout order and product poses, read back as views of one buffer', () => {
    const buffer = encodePoses(layout, root.elements, { arm_right_1: -0.5, lift: 0.3 }, (id) => poses[id]!);
    expect(buffer.length).toBe(ROOT_FLOATS + 3 + 2 * PRODUCT_FLOATS);
    expect(buffer.length).toBe(poseBufferLength(layout));
    const frame = new PoseFrame(layout, buffer);
    expect(new Matrix4().fromArray(frame.rootInWorld).equals(root)).toBe(true);
    // A joint the worker's record lacks reads 0.
    expect(frame.joints()['arm_left_1']).toBe(0);
    expect(frame.joints()['lift']).toBe(0.3);
    expect(frame.joints()['arm_right_1']).toBe(-0.5);
    const box = new Vector3().fromArray(frame.productPoses, PRODUCT_FLOATS);
    expect(box.distanceTo(poses['box-7']!.position)).toBe(0);
    const q = new Quaternion().fromArray(frame.productPoses, PRODUCT_FLOATS + 3);
    expect(q.angleTo(poses['box-7']!.quaternion)).toBeLessThan(1e-6);
    // Views, not copies: the page reads what the worker wrote, with nothing allocated per product.
    expect(frame.productPoses.buffer).toBe(buffer.buffer);
  });

  it('refuses a buffer that does not fit its layout, naming both sizes', () => {
    const buffer = encodePoses(layout, root.elements, {}, (id) => poses[id]!);
    expect(() => new PoseFrame({ ...layout, products: ['can-1'] }, buffer)).toThrow(/33 floats.*1 products\) needs 26/);
    expect(() => encodePoses(layout, [1, 0, 0], {}, (id) => poses[id]!)).toThrow(/root pose has 3 numbers/);
  });
});
