import {
  BoxGeometry,
  Color,
  CylinderGeometry,
  Group,
  Mesh,
  MeshLambertMaterial,
  Quaternion,
  SphereGeometry,
  Vector3,
  type BufferGeometry,
  type Material,
  type Scene,
} from 'three';
import { allFixtureBoxes } from '../../../scenes/fixture-geometry.ts';
import type { ResolvedScene } from '../../../scenes/schema.ts';
import { bodyPose } from '../../../sim/bodies.ts';
import type { Simulation } from '../../../sim/build-scene.ts';
import type { ObjectShape } from '../../../src/world/world-model.ts';

/** Display colours of fixture materials. */
const FIXTURE_COLOURS: Readonly<Record<string, number>> = {
  floor: 0xd9d6cf,
  steel: 0x9aa3ad,
  wood: 0xb08a5a,
  plastic: 0x2f6fb5,
  default: 0xe8e4dc,
};

/** Round shapes in three stand along y; ours stand along z. */
const Y_TO_Z = new Quaternion().setFromUnitVectors(new Vector3(0, 1, 0), new Vector3(0, 0, 1));

/**
 * The store drawn with three.js: fixtures once, products kept in step with the simulation's bodies every frame
 * (products added to the tote and taken by shoppers come and go). Geometries and materials are shared per product.
 */
export class StoreView {
  readonly root = new Group();
  private readonly objects = new Map<string, Mesh>();
  private readonly geometries = new Map<string, BufferGeometry>();
  private readonly materials = new Map<string, Material>();

  constructor(
    scene: Scene,
    resolved: ResolvedScene,
    private readonly simulation: Simulation,
  ) {
    scene.add(this.root);
    for (const box of allFixtureBoxes(resolved.fixtures)) {
      const [x, y, z] = box.halfExtentsM;
      const mesh = new Mesh(
        new BoxGeometry(2 * x, 2 * y, 2 * z),
        this.material(`fixture:${box.material}`, FIXTURE_COLOURS[box.material] ?? FIXTURE_COLOURS['default']!),
      );
      mesh.position.copy(box.poseInWorld.position);
      mesh.quaternion.copy(box.poseInWorld.quaternion);
      mesh.name = box.id;
      this.root.add(mesh);
    }
  }

  /** Moves each product to its body's pose; adds meshes for new products and drops those taken away. */
  sync(): void {
    const { simulation } = this;
    for (const [id, mesh] of this.objects) {
      if (!simulation.objects.has(id)) {
        this.root.remove(mesh);
        this.objects.delete(id);
      }
    }
    for (const [id, handle] of simulation.objects) {
      let mesh = this.objects.get(id);
      if (mesh === undefined) {
        const known = simulation.worldModel.object(id);
        if (known === undefined) continue;
        const key = known.type ?? id;
        mesh = new Mesh(this.geometry(key, known.shape), this.material(`product:${key}`, productColour(key)));
        mesh.name = id;
        this.objects.set(id, mesh);
        this.root.add(mesh);
      }
      const pose = bodyPose(simulation.sim, handle.bodyHandle);
      mesh.position.copy(pose.position);
      mesh.quaternion.copy(pose.quaternion);
    }
  }

  private geometry(key: string, shape: ObjectShape): BufferGeometry {
    let geometry = this.geometries.get(key);
    if (geometry === undefined) {
      geometry = shapeGeometry(shape);
      this.geometries.set(key, geometry);
    }
    return geometry;
  }

  private material(key: string, colour: number): Material {
    let material = this.materials.get(key);
    if (material === undefined) {
      material = new MeshLambertMaterial({ color: colour });
      this.materials.set(key, material);
    }
    return material;
  }
}

function shapeGeometry(shape: ObjectShape): BufferGeometry {
  switch (shape.kind) {
    case 'box':
      return new BoxGeometry(...shape.sizeM);
    case 'cylinder':
      return new CylinderGeometry(shape.radiusM, shape.radiusM, shape.heightM, 20).applyQuaternion(Y_TO_Z);
    case 'capsule':
      return new CylinderGeometry(shape.radiusM, shape.radiusM, shape.heightM, 20).applyQuaternion(Y_TO_Z);
    case 'sphere':
      return new SphereGeometry(shape.radiusM, 16, 12);
    case 'mesh':
      return new BoxGeometry(...shape.boundsM);
  }
}

/** A steady, distinct colour per product name, so a facing's products read as one block. */
export function productColour(name: string): number {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return new Color().setHSL((hash % 360) / 360, 0.62, 0.52).getHex();
}
