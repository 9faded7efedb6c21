import type { ObjectShape } from './world-model.ts';

/** Half extents of a shape's bounding box in its own frame (cylinders and capsules stand along z). */
export function shapeHalfExtents(shape: ObjectShape): [number, number, number] {
  switch (shape.kind) {
    case 'box':
      return [shape.sizeM[0] / 2, shape.sizeM[1] / 2, shape.sizeM[2] / 2];
    case 'cylinder':
      return [shape.radiusM, shape.radiusM, shape.heightM / 2];
    case 'capsule':
      return [shape.radiusM, shape.radiusM, shape.heightM / 2 + shape.radiusM];
    case 'sphere':
      return [shape.radiusM, shape.radiusM, shape.radiusM];
    case 'mesh':
      return [shape.boundsM[0] / 2, shape.boundsM[1] / 2, shape.boundsM[2] / 2];
  }
}
