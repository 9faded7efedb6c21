import { type Matrix4, type Mesh, MeshLambertMaterial, Quaternion, Vector3, type Object3D } from 'three';
import URDFLoader, { type URDFRobot } from 'urdf-loader';
import type { SimRobot } from '../../../sim/sim-robot.ts';
import { linkTransforms } from '../../../src/kinematics/forward.ts';

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
 * frame from the simulated robot's joint positions and base pose. Our own URDF parser stays the kinematics.
 */
export class RobotView {
  readonly robot: URDFRobot;

  constructor(
    urdfText: string,
    private readonly simRobot: SimRobot,
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
    this.sync();
  }

  /** Copies the sim's joint positions and root pose onto the drawn robot. */
  sync(): void {
    const { joints, rootInWorld } = this.simRobot.body;
    for (const [name, value] of Object.entries(joints)) {
      if (this.robot.joints[name] !== undefined) this.robot.setJointValue(name, value);
    }
    this.robot.matrix.copy(rootInWorld);
    this.robot.updateMatrixWorld(true);
  }

  /** Where the base is on the floor, for the follow camera. */
  basePosition(out = new Vector3()): Vector3 {
    return out.setFromMatrixPosition(this.simRobot.body.rootInWorld);
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
    this.sync();
    const ours = linkTransforms(this.simRobot.model, this.simRobot.body.joints, this.simRobot.body.rootInWorld);
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
