import { Matrix4, type Mesh, MeshLambertMaterial, Quaternion, Vector3, type Object3D } from 'three';
import URDFLoader, { type URDFRobot } from 'urdf-loader';
import { linkTransforms } from '../../../src/kinematics/forward.ts';
import type { KinematicModel } from '../../../src/kinematics/model.ts';
import type { PoseFrame } from './worker/pose-buffer.ts';

/** Link colours by name: the base dark, arms light, the end effectors marked. */
function linkColour(link: string): number {
  if (link.includes('suction')) return 0xe0702a;
  if (link.includes('gripper') || link.includes('finger')) return 0x2a9d8f;
  if (link.startsWith('base') || link.includes('wheel')) return 0x3a3f47;
  if (link.includes('head') || link.includes('camera')) return 0x1f2933;
  return 0xdfe3e8;
}

/**
 * The robot drawn from its URDF by `urdf-loader` (visual geometry, joint frames as the URDF gives them), posed every
 * frame from the sim's joint positions and root pose. Our own URDF parser (`model`) stays the kinematics.
 */
export class RobotView {
  readonly robot: URDFRobot;
  private joints: Readonly<Record<string, number>> = {};
  private synced: PoseFrame | undefined;
  private readonly rootInWorld = new Matrix4();

  constructor(
    urdfText: string,
    private readonly model: KinematicModel,
  ) {
    const loader = new URDFLoader();
    loader.parseCollision = false;
    this.robot = loader.parse(urdfText);
    this.robot.traverse((node: Object3D) => {
      const mesh = node as Mesh;
      if (!mesh.isMesh) return;
      let link: Object3D | null = mesh;
      while (link !== null && !(link as { isURDFLink?: boolean }).isURDFLink) link = link.parent;
      mesh.material = new MeshLambertMaterial({ color: linkColour(link?.name ?? '') });
    });
    this.robot.matrixAutoUpdate = false;
  }

  /**
   * Puts the drawn robot at the frame's joint positions and root pose; returns whether anything moved (a frame
   * already shown, or one where the robot stood still, needs no redraw for the robot's sake).
   */
  sync(frame: PoseFrame): boolean {
    if (frame === this.synced) return false;
    let moved = this.synced === undefined;
    this.synced = frame;
    const names = frame.layout.joints;
    for (let i = 0; i < names.length; i++) {
      const joint = this.robot.joints[names[i]!];
      if (joint !== undefined && joint.setJointValue(frame.jointValues[i]!)) moved = true;
    }
    const before = this.rootInWorld.elements;
    const root = frame.rootInWorld;
    for (let i = 0; i < 16; i++) {
      if (before[i] !== root[i]) {
        moved = true;
        this.rootInWorld.fromArray(root);
        break;
      }
    }
    if (moved) {
      this.joints = frame.joints();
      this.robot.matrix.copy(this.rootInWorld);
      this.robot.updateMatrixWorld(true);
    }
    return moved;
  }

  /** Where the base is on the floor, for the follow camera. */
  basePosition(out = new Vector3()): Vector3 {
    return out.setFromMatrixPosition(this.rootInWorld);
  }

  /**
   * How far the drawn robot's link frames (urdf-loader) are from our kinematics' (`linkTransforms` of the URDF
   * parser) at the current joint positions: the largest position (m) and rotation (rad) difference over all links.
   */
  compareJointFrames(): {
    readonly links: number;
    readonly maxPositionErrorM: number;
    readonly maxAngleErrorRad: number;
  } {
    this.robot.updateMatrixWorld(true);
    const ours = linkTransforms(this.model, this.joints, this.rootInWorld);
    let maxPositionErrorM = 0;
    let maxAngleErrorRad = 0;
    let links = 0;
    const p = new Vector3();
    const q = new Quaternion();
    const s = new Vector3();
    const p2 = new Vector3();
    const q2 = new Quaternion();
    for (const [name, link] of Object.entries(this.robot.links)) {
      const expected: Matrix4 | undefined = ours.get(name);
      if (expected === undefined) continue;
      links++;
      link.matrixWorld.decompose(p, q, s);
      expected.decompose(p2, q2, s);
      maxPositionErrorM = Math.max(maxPositionErrorM, p.distanceTo(p2));
      maxAngleErrorRad = Math.max(maxAngleErrorRad, q.angleTo(q2));
    }
    return { links, maxPositionErrorM, maxAngleErrorRad };
  }
}
