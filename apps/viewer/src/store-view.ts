import {
  BoxGeometry,
  Color,
  CylinderGeometry,
  Group,
  InstancedMesh,
  Matrix4,
  Mesh,
  MeshLambertMaterial,
  Quaternion,
  SphereGeometry,
  Vector3,
  type BufferGeometry,
  type Scene,
} from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { allFixtureBoxes } from '../../../scenes/fixture-geometry.ts';
import type { ResolvedScene } from '../../../scenes/schema.ts';
import type { ObjectShape } from '../../../src/world/world-model.ts';
import type { SimClient } from './sim-client.ts';
import { PRODUCT_FLOATS, type PoseFrame } from './worker/pose-buffer.ts';

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

/** Instances a product mesh starts with; it doubles when the store holds more of one product. */
const FIRST_CAPACITY = 16;

/**
 * The store drawn with three.js in few draw calls (software GL in a headless browser has no draw calls to spare):
 * the fixtures merged into one mesh per material, the products as one instanced mesh per product, posed every frame
 * from the sim worker's latest frame (products added to the tote and taken by shoppers come and go).
 */
export class StoreView {
  readonly root = new Group();
  private readonly products = new Map<string, InstancedMesh>();
  private readonly counts = new Map<string, number>();
  private readonly matrix = new Matrix4();
  private readonly unitScale = new Vector3(1, 1, 1);
  private readonly position = new Vector3();
  private readonly quaternion = new Quaternion();
  private synced: PoseFrame | undefined;
  private lastPoses = new Float64Array(0);

  constructor(scene: Scene, resolved: ResolvedScene) {
    scene.add(this.root);
    const byMaterial = new Map<string, BufferGeometry[]>();
    for (const box of allFixtureBoxes(resolved.fixtures)) {
      const [x, y, z] = box.halfExtentsM;
      const geometry = new BoxGeometry(2 * x, 2 * y, 2 * z).applyMatrix4(
        new Matrix4().compose(box.poseInWorld.position, box.poseInWorld.quaternion, this.unitScale),
      );
      byMaterial.set(box.material, [...(byMaterial.get(box.material) ?? []), geometry]);
    }
    for (const [material, geometries] of byMaterial) {
      const colour = FIXTURE_COLOURS[material] ?? FIXTURE_COLOURS['default']!;
      const mesh = new Mesh(mergeGeometries(geometries), new MeshLambertMaterial({ color: colour }));
      mesh.name = `fixtures:${material}`;
      // Software GL pays per pixel shaded: the floor, under everything and filling most of the view, is drawn last so
      // the depth test rejects what shelves and products already cover before its pixels are shaded.
      if (material === 'floor') mesh.renderOrder = 1;
      this.root.add(mesh);
    }
  }

  /**
   * Writes each product's pose from the worker's latest frame into its product's instances; returns whether there
   * was a new frame to write.
   */
  sync(client: SimClient): boolean {
    const frame = client.poses;
    if (frame === undefined || frame === this.synced) return false;
    const sameLayout = this.synced?.layout === frame.layout;
    this.synced = frame;
    const poses = frame.productPoses;
    // Products at rest (most of the store, most of the time) need no upload and no redraw.
    if (sameLayout && equalFloats(poses, this.lastPoses)) return false;
    this.lastPoses = poses.slice();
    for (const key of this.counts.keys()) this.counts.set(key, 0);
    const ids = frame.layout.products;
    for (let i = 0; i < ids.length; i++) {
      const info = client.objects.get(ids[i]!);
      if (info === undefined) continue;
      const key = info.type ?? info.id;
      const index = this.counts.get(key) ?? 0;
      const mesh = this.instances(key, info.shape, index + 1);
      this.position.fromArray(poses, i * PRODUCT_FLOATS);
      this.quaternion.fromArray(poses, i * PRODUCT_FLOATS + 3);
      mesh.setMatrixAt(index, this.matrix.compose(this.position, this.quaternion, this.unitScale));
      this.counts.set(key, index + 1);
    }
    for (const [key, mesh] of this.products) {
      mesh.count = this.counts.get(key) ?? 0;
      mesh.instanceMatrix.needsUpdate = true;
    }
    return true;
  }

  /**
   * How the drawn instances match the worker's latest poses: products in the frame, instances drawn, and the
   * largest distance between a product's position and its instance's (m). Instances follow the frame's order
   * within each product, so the i-th product of a kind is that kind's i-th instance.
   */
  compareProducts(client: SimClient): {
    readonly products: number;
    readonly drawn: number;
    readonly maxErrorM: number;
  } {
    const frame = client.poses;
    if (frame === undefined) return { products: 0, drawn: this.productCount, maxErrorM: Number.POSITIVE_INFINITY };
    const next = new Map<string, number>();
    const drawnAt = new Vector3();
    let maxErrorM = 0;
    frame.layout.products.forEach((id, i) => {
      const info = client.objects.get(id);
      const mesh = info === undefined ? undefined : this.products.get(info.type ?? info.id);
      const index = next.get(mesh?.name ?? '') ?? 0;
      next.set(mesh?.name ?? '', index + 1);
      if (mesh === undefined || index >= mesh.count) {
        maxErrorM = Number.POSITIVE_INFINITY;
        return;
      }
      mesh.getMatrixAt(index, this.matrix);
      drawnAt.setFromMatrixPosition(this.matrix);
      this.position.fromArray(frame.productPoses, i * PRODUCT_FLOATS);
      maxErrorM = Math.max(maxErrorM, drawnAt.distanceTo(this.position));
    });
    return { products: frame.layout.products.length, drawn: this.productCount, maxErrorM };
  }

  /** How many products are drawn now (for checks). */
  get productCount(): number {
    let n = 0;
    for (const mesh of this.products.values()) n += mesh.count;
    return n;
  }

  private instances(key: string, shape: ObjectShape, needed: number): InstancedMesh {
    const existing = this.products.get(key);
    if (existing !== undefined && existing.instanceMatrix.count >= needed) return existing;
    const capacity = Math.max(FIRST_CAPACITY, (existing?.instanceMatrix.count ?? 0) * 2, needed);
    const mesh = new InstancedMesh(
      existing?.geometry ?? shapeGeometry(shape),
      existing?.material ?? new MeshLambertMaterial({ color: productColour(key) }),
      capacity,
    );
    mesh.name = `product:${key}`;
    // Instances move every frame across the whole store; bounds computed once would cull them wrongly.
    mesh.frustumCulled = false;
    if (existing !== undefined) {
      for (let i = 0; i < existing.count; i++) {
        existing.getMatrixAt(i, this.matrix);
        mesh.setMatrixAt(i, this.matrix);
      }
      this.root.remove(existing);
      existing.dispose();
    }
    this.products.set(key, mesh);
    this.root.add(mesh);
    return mesh;
  }
}

function equalFloats(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
