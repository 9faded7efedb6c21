import { Matrix4, Vector3 } from 'three';
import type { RandomSource } from '../math/random.ts';
import { isMovable, mimicClamp, setJointMotion } from './joint-motion.ts';
import type { Joint, JointLimits, KinematicModel } from './model.ts';

/** One joint along the chain; `source` is the index in `q` that drives it (-1 for fixed joints). */
interface Segment {
  readonly joint: Joint;
  readonly source: number;
  readonly multiplier: number;
  readonly offset: number;
}

/** A movable joint with the fixed origins before it folded into its own origin, for a lean `fk`. */
interface Step extends Segment {
  readonly origin: Matrix4;
}

/**
 * A serial chain from `baseLink` to `tipLink` with FK and the geometric Jacobian, both in the base frame.
 * `q` is ordered as `jointNames` (movable joints, base to tip). Mimic joints on the chain follow their leader.
 *
 * @example
 * const chain = KinematicChain.fromModel(model, 'arm_base', 'tool0');
 * const T_base_tool = chain.fk(chain.clampToLimits(q));
 */
export class KinematicChain {
  readonly jointNames: string[];
  readonly limits: JointLimits[];
  readonly dof: number;

  private readonly segments: readonly Segment[];
  private readonly steps: readonly Step[];
  /** Fixed joints after the last movable one, folded into one transform. */
  private readonly tail: Matrix4;
  // Scratch, reused so the IK and control loops do not allocate per call.
  private readonly frame = new Matrix4();
  private readonly motion = new Matrix4();
  private readonly axes: Vector3[];
  private readonly origins: Vector3[];
  private readonly tipPosition = new Vector3();
  private readonly lever = new Vector3();
  private readonly linear = new Vector3();

  private constructor(
    readonly baseLink: string,
    readonly tipLink: string,
    joints: readonly Joint[],
    allJoints: ReadonlyMap<string, Joint>,
  ) {
    this.jointNames = joints
      .filter((joint) => isMovable(joint.type) && joint.mimic === undefined)
      .map((joint) => joint.name);
    this.dof = this.jointNames.length;
    this.limits = this.jointNames.map((name) => chainLimits(allJoints.get(name)));
    this.segments = joints.map((joint) => this.segmentFor(joint, allJoints));
    const steps: Step[] = [];
    let pending = new Matrix4();
    for (const segment of this.segments) {
      pending.multiply(segment.joint.origin);
      if (segment.source < 0) continue;
      steps.push({ ...segment, origin: pending });
      pending = new Matrix4();
    }
    this.steps = steps;
    this.tail = pending;
    this.axes = steps.map(() => new Vector3());
    this.origins = steps.map(() => new Vector3());
  }

  /** The chain between two links of `model`; throws if either is unknown or `tipLink` is not below `baseLink`. */
  static fromModel(model: KinematicModel, baseLink: string, tipLink: string): KinematicChain {
    for (const link of [baseLink, tipLink]) {
      if (!model.links.has(link)) throw new Error(`${model.name}: link "${link}" is not defined`);
    }
    const parentJoint = new Map([...model.joints.values()].map((joint) => [joint.child, joint]));
    const joints: Joint[] = [];
    for (let link = tipLink; link !== baseLink;) {
      const joint = parentJoint.get(link);
      if (joint === undefined) {
        throw new Error(
          `${model.name}: tip link "${tipLink}" is not below base link "${baseLink}"; no chain joins them`,
        );
      }
      joints.unshift(joint);
      link = joint.parent;
    }
    return new KinematicChain(baseLink, tipLink, joints, model.joints);
  }

  private segmentFor(joint: Joint, allJoints: ReadonlyMap<string, Joint>): Segment {
    if (joint.type === 'floating' || joint.type === 'planar') {
      throw new Error(
        `joint "${joint.name}" is ${joint.type}; a serial chain supports revolute, continuous, prismatic and fixed joints`,
      );
    }
    if (!isMovable(joint.type)) return { joint, source: -1, multiplier: 0, offset: 0 };
    let multiplier = 1;
    let offset = 0;
    let leader = joint;
    // Compose a mimic-of-a-mimic down to the independent joint that drives it.
    while (leader.mimic !== undefined) {
      const { joint: next, multiplier: m, offset: o } = leader.mimic;
      offset = multiplier * o + offset;
      multiplier *= m;
      const found = allJoints.get(next);
      if (found === undefined) throw new Error(`joint "${leader.name}" mimics undefined joint "${next}"`);
      leader = found;
    }
    const source = this.jointNames.indexOf(leader.name);
    if (source < 0) {
      throw new Error(
        `joint "${joint.name}" mimics "${leader.name}", which is not on the chain ${this.baseLink} → ${this.tipLink}`,
      );
    }
    return { joint, source, multiplier, offset };
  }

  /** Pose of the tip link in the base link frame. Allocation-free apart from `out`. */
  fk(q: readonly number[], out: Matrix4 = new Matrix4()): Matrix4 {
    out.identity();
    for (const step of this.steps) {
      out.multiply(step.origin);
      out.multiply(setJointMotion(step.joint.type, step.joint.axis, this.positionOf(step, q), this.motion));
    }
    return out.multiply(this.tail);
  }

  /** The pose in the base frame of every link on the chain, base link (identity) and fixed children included. */
  linkPosesInBase(q: readonly number[]): Map<string, Matrix4> {
    const poses = new Map<string, Matrix4>([[this.baseLink, new Matrix4()]]);
    const pose = new Matrix4();
    for (const segment of this.segments) {
      pose.multiply(segment.joint.origin);
      pose.multiply(setJointMotion(segment.joint.type, segment.joint.axis, this.positionOf(segment, q), this.motion));
      poses.set(segment.joint.child, pose.clone());
    }
    return poses;
  }

  /**
   * Where each movable joint's axis passes through its frame origin, in the base frame, into `out` (one entry per
   * joint step, base to tip; a mimic joint has its own entry). Allocation-free; for posture costs such as how high
   * an arm's elbow rides (`solveIk`'s `nullSpace`). With `count`, only the first `count` entries are computed (a
   * cost that needs the elbow stops there; the entries are the same numbers).
   */
  jointPositionsInBase(q: readonly number[], out: Vector3[], count = this.steps.length): Vector3[] {
    const { frame, steps } = this;
    frame.identity();
    const n = Math.min(count, steps.length);
    for (let i = 0; i < n; i++) {
      const step = steps[i] as Step;
      frame.multiply(step.origin);
      (out[i] ?? (out[i] = new Vector3())).setFromMatrixPosition(frame);
      if (i + 1 < n)
        frame.multiply(setJointMotion(step.joint.type, step.joint.axis, this.positionOf(step, q), this.motion));
    }
    return out;
  }

  /** The 6×dof geometric Jacobian in the base frame: rows vx vy vz wx wy wz, one column per joint. */
  jacobian(q: readonly number[]): number[][] {
    const flat = new Float64Array(6 * this.dof);
    this.fkWithJacobian(q, new Matrix4(), flat);
    return [0, 1, 2, 3, 4, 5].map((row) => Array.from(flat.subarray(row * this.dof, (row + 1) * this.dof)));
  }

  /**
   * Tip pose into `tipOut` and the Jacobian into `jacobianOut` (row-major, 6×dof) in one pass; the
   * allocation-free form the IK loop uses.
   */
  fkWithJacobian(q: readonly number[], tipOut: Matrix4, jacobianOut: Float64Array): void {
    const { steps, axes, origins, frame } = this;
    frame.identity();
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      frame.multiply(step.origin);
      // The joint axis is fixed in the frame after the origin, before the joint's own motion.
      (axes[i] as Vector3).copy(step.joint.axis).transformDirection(frame);
      (origins[i] as Vector3).setFromMatrixPosition(frame);
      frame.multiply(setJointMotion(step.joint.type, step.joint.axis, this.positionOf(step, q), this.motion));
    }
    tipOut.copy(frame.multiply(this.tail));
    this.tipPosition.setFromMatrixPosition(tipOut);
    jacobianOut.fill(0);
    const n = this.dof;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      const axis = axes[i] as Vector3;
      const prismatic = step.joint.type === 'prismatic';
      const linear = prismatic
        ? this.linear.copy(axis)
        : this.linear.crossVectors(axis, this.lever.subVectors(this.tipPosition, origins[i] as Vector3));
      // A mimic joint adds its column, scaled, to its leader's (nothing while it rests on an end stop).
      const m = this.positionOf(step, q) === this.rawPositionOf(step, q) ? step.multiplier : 0;
      const c = step.source;
      add(jacobianOut, c, m * linear.x);
      add(jacobianOut, n + c, m * linear.y);
      add(jacobianOut, 2 * n + c, m * linear.z);
      if (prismatic) continue;
      add(jacobianOut, 3 * n + c, m * axis.x);
      add(jacobianOut, 4 * n + c, m * axis.y);
      add(jacobianOut, 5 * n + c, m * axis.z);
    }
  }

  /** `q` with each joint clamped into its position limits. */
  clampToLimits(q: readonly number[]): number[] {
    return this.limits.map((limit, i) => Math.min(limit.upper, Math.max(limit.lower, q[i] ?? 0)));
  }

  /** A uniformly random configuration within limits; unbounded (continuous) joints draw from [-π, π). */
  randomConfiguration(random: RandomSource): number[] {
    return this.limits.map((limit) =>
      random.uniform(
        Number.isFinite(limit.lower) ? limit.lower : -Math.PI,
        Number.isFinite(limit.upper) ? limit.upper : Math.PI,
      ),
    );
  }

  private rawPositionOf(segment: Segment, q: readonly number[]): number {
    return segment.source < 0 ? 0 : segment.multiplier * (q[segment.source] ?? 0) + segment.offset;
  }

  private positionOf(segment: Segment, q: readonly number[]): number {
    const raw = this.rawPositionOf(segment, q);
    return segment.joint.mimic === undefined ? raw : mimicClamp(segment.joint, raw);
  }
}

/** Limits as the chain reports them: continuous joints get ±Infinity positions but keep their velocity. */
function chainLimits(joint: Joint | undefined): JointLimits {
  const limits = joint?.limits;
  if (joint?.type === 'continuous' || limits === undefined) {
    return {
      lower: -Infinity,
      upper: Infinity,
      velocity: limits?.velocity ?? Infinity,
      effort: limits?.effort ?? Infinity,
    };
  }
  return limits;
}

function add(values: Float64Array, index: number, delta: number): void {
  values[index] = (values[index] ?? 0) + delta;
}
