import type { ObjectShape } from '../src/world/world-model.ts';

/** Size of a shape's bounding box in its own frame (x, y, z), m. Cylinders and capsules stand along z. */
export function shapeBoundsM(shape: ObjectShape): [number, number, number] {
  switch (shape.kind) {
    case 'box':
      return [...shape.sizeM];
    case 'cylinder':
    case 'capsule':
      return [2 * shape.radiusM, 2 * shape.radiusM, shape.heightM];
    case 'sphere':
      return [2 * shape.radiusM, 2 * shape.radiusM, 2 * shape.radiusM];
    case 'mesh':
      return [...shape.boundsM];
  }
}

/** Volume of a primitive shape, m³; meshes need their measured volume passed in. */
export function shapeVolumeM3(shape: ObjectShape, meshVolumeM3 = 0): number {
  switch (shape.kind) {
    case 'box':
      return shape.sizeM[0] * shape.sizeM[1] * shape.sizeM[2];
    case 'cylinder':
      return Math.PI * shape.radiusM ** 2 * shape.heightM;
    case 'sphere':
      return (4 / 3) * Math.PI * shape.radiusM ** 3;
    case 'capsule': {
      // heightM is tip to tip: a cylinder of heightM - 2r between two hemispheres.
      const r = shape.radiusM;
      return Math.PI * r * r * Math.max(shape.heightM - 2 * r, 0) + (4 / 3) * Math.PI * r ** 3;
    }
    case 'mesh':
      return meshVolumeM3;
  }
}
