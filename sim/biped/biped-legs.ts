import { Matrix4, Quaternion, Vector3 } from 'three';
import { KinematicChain } from '../../src/kinematics/chain.ts';
import { solveIk } from '../../src/kinematics/ik.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import type { FootPlacement, SoleSize } from '../../src/locomotion/support-polygon.ts';
import type { FootSide } from '../../src/locomotion/walk-plan.ts';
import type { SimRobotBody } from '../robot-body.ts';

/** The biped's root (the base frame on the ground under the pelvis): position and heading, world frame. */
export interface RootPose {
  x: number;
  y: number;
  z: number;
  yawRad: number;
}

/** A leg of the URDF: the chain from the hip link down to the sole frame. */
export interface LegSpec {
  readonly name: FootSide;
  readonly hipLink: string;
  readonly soleLink: string;
}

/** Leg IK tolerances: the sole lands within a hundredth of a millimetre of its footstep. */
const LEG_IK = { maxIterations: 40, positionToleranceM: 1e-7, rotationToleranceRad: 1e-6 } as const;

interface Leg {
  readonly name: FootSide;
  readonly chain: KinematicChain;
  readonly toHip: KinematicChain;
}

/**
 * The legs of a simulated biped: puts each sole on its footstep by IK below the pelvis that the root and the
 * lift (the pelvis height joint) give, writing the joints into the robot body.
 */
export class BipedLegs {
  private readonly legs: readonly Leg[];

  constructor(
    private readonly body: SimRobotBody,
    specs: readonly LegSpec[],
  ) {
    const model = body.model;
    this.legs = specs.map((leg) => ({
      name: leg.name,
      chain: KinematicChain.fromModel(model, leg.hipLink, leg.soleLink),
      toHip: KinematicChain.fromModel(model, model.rootLink, leg.hipLink),
    }));
  }

  /**
   * Bends every leg to the middle of its joint ranges: the URDF's zero pose has straight legs below a pelvis that
   * may sit lower than that, so the first solve starts with the knees bent.
   */
  bendToMidRange(): void {
    for (const leg of this.legs) {
      leg.chain.jointNames.forEach((name, i) => {
        const limits = leg.chain.limits[i]!;
        this.body.joints[name] = (limits.lower + limits.upper) / 2;
      });
    }
  }

  /** Puts the legs on the soles and the root where it is given; false if a leg cannot reach. */
  solve(feet: Readonly<Record<FootSide, FootPlacement>>, root: RootPose): boolean {
    const q = this.body.joints;
    let ok = true;
    for (const leg of this.legs) {
      const solution = this.ik(leg, feet[leg.name], root);
      if (solution === undefined) {
        ok = false;
        continue;
      }
      leg.chain.jointNames.forEach((name, i) => (q[name] = solution[i]!));
    }
    this.body.rootInWorld = rootMatrix(root);
    this.body.markMoved();
    return ok;
  }

  /** The first leg that cannot reach its sole with the root at `root` (nothing is moved), if any. */
  unreachable(feet: Readonly<Record<FootSide, FootPlacement>>, root: RootPose): FootSide | undefined {
    return this.legs.find((leg) => this.ik(leg, feet[leg.name], root) === undefined)?.name;
  }

  /**
   * Puts the legs on the soles in a posture that is not the body's (`q`, every joint: the lift's pelvis height
   * among them), writing the leg joints into `q` and moving nothing; false if a leg cannot reach.
   */
  solveInto(q: Record<string, number>, feet: Readonly<Record<FootSide, FootPlacement>>, root: RootPose): boolean {
    for (const leg of this.legs) {
      const solution = this.ik(leg, feet[leg.name], root, q);
      if (solution === undefined) return false;
      leg.chain.jointNames.forEach((name, i) => (q[name] = solution[i]!));
    }
    return true;
  }

  private ik(
    leg: Leg,
    foot: FootPlacement,
    root: RootPose,
    q: Readonly<Record<string, number>> = this.body.joints,
  ): number[] | undefined {
    const seed = leg.chain.jointNames.map((name) => q[name] ?? 0);
    const hipInRoot = leg.toHip.fk(leg.toHip.jointNames.map((name) => q[name] ?? 0));
    const hipInWorld = rootMatrix(root).multiply(hipInRoot);
    const soleInWorld = new Matrix4().compose(
      new Vector3(foot.x, foot.y, foot.zM),
      new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), foot.yawRad),
      new Vector3(1, 1, 1),
    );
    const target = hipInWorld.invert().multiply(soleInWorld);
    const result = solveIk(leg.chain, target, { seed, ...LEG_IK });
    if (result.status !== 'converged' && result.positionErrorM > 1e-3) return undefined;
    return result.q;
  }
}

/** The feet standing side by side under a root, `stanceWidthM` apart, on its ground. */
export function feetUnder(root: RootPose, stanceWidthM: number): Record<FootSide, FootPlacement> {
  const foot = (side: FootSide): FootPlacement => {
    const offset = ((side === 'left' ? 1 : -1) * stanceWidthM) / 2;
    return {
      x: root.x - Math.sin(root.yawRad) * offset,
      y: root.y + Math.cos(root.yawRad) * offset,
      zM: root.z,
      yawRad: root.yawRad,
    };
  };
  return { left: foot('left'), right: foot('right') };
}

/** The root pose a world matrix holds (its heading from the x axis). */
export function rootPose(m: Matrix4): RootPose {
  const position = new Vector3();
  const quaternion = new Quaternion();
  m.decompose(position, quaternion, new Vector3());
  const forward = new Vector3(1, 0, 0).applyQuaternion(quaternion);
  return { x: position.x, y: position.y, z: position.z, yawRad: Math.atan2(forward.y, forward.x) };
}

/** The world matrix of a root pose. */
export function rootMatrix(root: RootPose): Matrix4 {
  return new Matrix4().compose(
    new Vector3(root.x, root.y, root.z),
    new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), root.yawRad),
    new Vector3(1, 1, 1),
  );
}

/** The root's position as a vector. */
export function rootVector(root: RootPose): Vector3 {
  return new Vector3(root.x, root.y, root.z);
}

/** The sole's size: the box collision of the foot link the sole frame hangs from. */
export function soleOf(model: KinematicModel, soleLink: string): SoleSize {
  const joint = [...model.joints.values()].find((j) => j.child === soleLink);
  const foot = joint === undefined ? undefined : model.links.get(joint.parent);
  const box = foot?.collisions.find((c) => c.geometry.kind === 'box')?.geometry;
  if (box === undefined || box.kind !== 'box') {
    throw new Error(`${model.name}: the foot above ${soleLink} needs a box collision (the sole's size)`);
  }
  return { lengthM: box.sizeM[0], widthM: box.sizeM[1] };
}
