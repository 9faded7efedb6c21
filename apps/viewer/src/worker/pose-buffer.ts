// Everything that moves, in one Float64Array per frame: the worker fills it and transfers it to the page (no copy,
// no structured clone of objects). Layout: the robot's root pose (a column-major 4×4 matrix, 16 floats), then one
// float per joint in `layout.joints` order, then 7 floats per product in `layout.products` order (position x, y, z,
// quaternion x, y, z, w). The names travel in a `PoseLayout` only when they change. Doubles, not floats: with
// float32 the drawn robot's link frames strayed 1e-4 rad from our kinematics' (the console checks they agree), and
// the buffer is a few kB either way.

/** Floats of the root pose (a 4×4 matrix). */
export const ROOT_FLOATS = 16;
/** Floats of one product's pose: position and quaternion. */
export const PRODUCT_FLOATS = 7;

/** What the floats of a pose buffer are: joint names and product ids, in buffer order. */
export interface PoseLayout {
  readonly joints: readonly string[];
  readonly products: readonly string[];
}

/** Offset of the first joint value. */
export const JOINTS_OFFSET = ROOT_FLOATS;

/** Offset of the first product pose in a buffer of `layout`. */
export function productsOffset(layout: PoseLayout): number {
  return ROOT_FLOATS + layout.joints.length;
}

/** Length in floats of a pose buffer of `layout`. */
export function poseBufferLength(layout: PoseLayout): number {
  return productsOffset(layout) + PRODUCT_FLOATS * layout.products.length;
}

/** One product's pose as the worker reads it from the sim. */
export interface ProductPose {
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  readonly quaternion: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

/**
 * Fills a new pose buffer of `layout`: `rootInWorld` (16 numbers, column-major), `joints` by name (a joint missing
 * reads 0), and each product's pose from `productPose`.
 */
export function encodePoses(
  layout: PoseLayout,
  rootInWorld: ArrayLike<number>,
  joints: Readonly<Record<string, number>>,
  productPose: (id: string) => ProductPose,
): Float64Array {
  if (rootInWorld.length !== ROOT_FLOATS) {
    throw new Error(`pose buffer: the root pose has ${rootInWorld.length} numbers, not ${ROOT_FLOATS}`);
  }
  const out = new Float64Array(poseBufferLength(layout));
  for (let i = 0; i < ROOT_FLOATS; i++) out[i] = rootInWorld[i]!;
  layout.joints.forEach((name, i) => (out[JOINTS_OFFSET + i] = joints[name] ?? 0));
  let at = productsOffset(layout);
  for (const id of layout.products) {
    const { position: p, quaternion: q } = productPose(id);
    out[at] = p.x;
    out[at + 1] = p.y;
    out[at + 2] = p.z;
    out[at + 3] = q.x;
    out[at + 4] = q.y;
    out[at + 5] = q.z;
    out[at + 6] = q.w;
    at += PRODUCT_FLOATS;
  }
  return out;
}

/** Reads a pose buffer back: the page's side. Views share the buffer, nothing is copied. */
export class PoseFrame {
  /** The robot's root pose, a column-major 4×4 matrix. */
  readonly rootInWorld: Float64Array;
  /** Joint values in `layout.joints` order. */
  readonly jointValues: Float64Array;
  /** Product poses, 7 floats each, in `layout.products` order. */
  readonly productPoses: Float64Array;

  constructor(
    readonly layout: PoseLayout,
    buffer: Float64Array,
  ) {
    if (buffer.length !== poseBufferLength(layout)) {
      throw new Error(
        `pose buffer: ${buffer.length} floats, the layout (${layout.joints.length} joints, ` +
          `${layout.products.length} products) needs ${poseBufferLength(layout)}`,
      );
    }
    this.rootInWorld = buffer.subarray(0, ROOT_FLOATS);
    this.jointValues = buffer.subarray(JOINTS_OFFSET, productsOffset(layout));
    this.productPoses = buffer.subarray(productsOffset(layout));
  }

  /** Joint values by name (allocates: for status and checks, not for drawing). */
  joints(): Record<string, number> {
    const out: Record<string, number> = {};
    this.layout.joints.forEach((name, i) => (out[name] = this.jointValues[i]!));
    return out;
  }
}
