import type { JointLimits } from '../src/kinematics/model.ts';
import { BlendedJointPath, type PathPiece } from './blended-joint-path.ts';

/** URDF has no acceleration limit: each joint may reach its velocity limit in 1/4 s by default. */
const DEFAULT_ACCELERATION_SCALE = 4;
/** The speed profile is solved on nodes at most this far apart along the path, rad (max-norm joint distance). */
const NODE_SPACING_L = 0.02;
/** Nodes per corner blend: its speed limit is constant, so a few place the speed well. */
const NODES_PER_BLEND = 4;

/** Per-joint speed and acceleration bounds, rad/s (m/s) and rad/s² (m/s²). */
export interface JointBounds {
  readonly maxVelocity: number;
  readonly maxAcceleration: number;
}

/**
 * The bounds an arm times its untimed paths with: each joint's URDF velocity limit (1 where the URDF gives none)
 * and `accelerationScale` × that per second.
 */
export function jointBounds(
  limits: readonly JointLimits[],
  accelerationScale = DEFAULT_ACCELERATION_SCALE,
): JointBounds[] {
  return limits.map((l) => {
    const maxVelocity = l.velocity > 0 ? l.velocity : 1;
    return { maxVelocity, maxAcceleration: accelerationScale * maxVelocity };
  });
}

/** Bounds slowed by a velocity scale (0.01..1): velocity by the scale, acceleration by its square. */
export function scaleBounds(bounds: readonly JointBounds[], velocityScale = 1): JointBounds[] {
  const scale = Math.min(1, Math.max(0.01, velocityScale));
  return bounds.map((b) => ({
    maxVelocity: b.maxVelocity * scale,
    maxAcceleration: b.maxAcceleration * scale * scale,
  }));
}

/** A node of the speed profile: path length, path speed there, and the time it is reached. */
interface Node {
  readonly l: number;
  v: number;
  tS: number;
  /** Largest path acceleration allowed on the way to the next node. */
  readonly maxAcc: number;
}

/**
 * A time-parameterised joint path: the piecewise-linear path through `waypoints` with its corners rounded by
 * parabolic blends (`BlendedJointPath`, within `BLEND_TOLERANCE_RAD` of each corner), run at the fastest path
 * speed that keeps every joint within its velocity and acceleration bounds, from rest to rest. Joint velocities are
 * continuous (C1 path, continuous speed): no joint reverses in a tick at a corner; a sharp corner is taken slowly.
 * All joints move together and arrive together. This is how every backend times an untimed trajectory.
 */
export class TimedJointPath {
  readonly durationS: number;
  private readonly path: BlendedJointPath;
  private readonly nodes: Node[];

  constructor(
    readonly waypoints: readonly (readonly number[])[],
    bounds: readonly JointBounds[],
  ) {
    if (waypoints.length < 2) throw new Error('trajectory: needs at least a start and an end');
    this.path = new BlendedJointPath(waypoints);
    this.nodes = speedProfile(this.path.pieces, bounds);
    this.durationS = this.nodes[this.nodes.length - 1]!.tS;
  }

  /** Joint positions at `tS` seconds after the start (clamped to the ends). */
  at(tS: number): number[] {
    return tS >= this.durationS ? [...this.end] : this.path.positionAt(this.state(tS).l);
  }

  /** Joint velocities at `tS`, rad/s: continuous along the path, zero at both ends. */
  velocityAt(tS: number): number[] {
    const { l, v } = this.state(tS);
    return this.path.directionAt(l).map((d) => d * v);
  }

  /**
   * When the path passes each waypoint (its blend's middle at a corner), s after the start (0 for the first,
   * `durationS` for the last).
   */
  waypointTimesS(): number[] {
    return this.path.waypointL.map((l) => this.timeAt(l));
  }

  get end(): readonly number[] {
    return this.waypoints[this.waypoints.length - 1]!;
  }

  /** Path length and speed at `tS`. */
  private state(tS: number): { l: number; v: number } {
    const nodes = this.nodes;
    const last = nodes[nodes.length - 1]!;
    if (tS >= last.tS) return { l: this.path.lengthL, v: 0 };
    if (tS <= 0) return { l: 0, v: 0 };
    let lo = 0;
    let hi = nodes.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (nodes[mid]!.tS <= tS) lo = mid;
      else hi = mid - 1;
    }
    const a = nodes[lo]!;
    const b = nodes[lo + 1]!;
    const acc = (b.v * b.v - a.v * a.v) / (2 * (b.l - a.l));
    const tau = tS - a.tS;
    return { l: a.l + a.v * tau + 0.5 * acc * tau * tau, v: a.v + acc * tau };
  }

  /** When the path reaches length `l`, s. */
  private timeAt(l: number): number {
    const nodes = this.nodes;
    if (l <= 0) return 0;
    if (l >= this.path.lengthL) return this.durationS;
    let i = 0;
    while (i < nodes.length - 2 && nodes[i + 1]!.l < l) i++;
    const a = nodes[i]!;
    const b = nodes[i + 1]!;
    // Constant acceleration between nodes: v² grows linearly with l, and the time is the distance over the mean speed.
    const v = Math.sqrt(Math.max(0, a.v * a.v + ((b.v * b.v - a.v * a.v) * (l - a.l)) / (b.l - a.l)));
    return a.tS + (a.v + v > 0 ? (2 * (l - a.l)) / (a.v + v) : 0);
  }
}

/**
 * The fastest path speed along `pieces` from rest to rest: nodes along the path each with the speed limit of their
 * piece, a forward pass that accelerates as hard as allowed and a backward pass that brakes in time, then the time
 * of each node at constant acceleration between nodes.
 */
function speedProfile(pieces: readonly PathPiece[], bounds: readonly JointBounds[]): Node[] {
  const nodes: Node[] = [];
  const caps: number[] = [];
  let previousSpeed = Infinity;
  for (const piece of pieces) {
    const span = piece.toL - piece.fromL;
    if (span <= 0) continue;
    const limit = pieceLimits(piece, bounds);
    // Two nodes at least on a straight piece: a lone interval between two nodes at rest would take no time at all
    // (a rest-to-rest move shorter than the spacing, a 1 cm lift step, ran in one tick).
    const count = piece.dirIn === piece.dirOut ? Math.max(2, Math.ceil(span / NODE_SPACING_L)) : NODES_PER_BLEND;
    for (let k = 0; k < count; k++) {
      nodes.push({ l: piece.fromL + (span * k) / count, v: 0, tS: 0, maxAcc: limit.acc });
      // A piece's first node also ends the piece before: the lower of their speed limits holds there.
      caps.push(k === 0 ? Math.min(limit.speed, previousSpeed) : limit.speed);
    }
    previousSpeed = limit.speed;
  }
  nodes.push({ l: pieces[pieces.length - 1]!.toL, v: 0, tS: 0, maxAcc: 0 });
  caps.push(0);
  nodes[0]!.v = 0;
  for (let i = 1; i < nodes.length; i++) {
    const a = nodes[i - 1]!;
    nodes[i]!.v = Math.min(caps[i]!, Math.sqrt(a.v * a.v + 2 * a.maxAcc * (nodes[i]!.l - a.l)));
  }
  for (let i = nodes.length - 2; i >= 0; i--) {
    const a = nodes[i]!;
    const b = nodes[i + 1]!;
    a.v = Math.min(a.v, Math.sqrt(b.v * b.v + 2 * a.maxAcc * (b.l - a.l)));
  }
  for (let i = 1; i < nodes.length; i++) {
    const a = nodes[i - 1]!;
    const b = nodes[i]!;
    b.tS = a.tS + (a.v + b.v > 0 ? (2 * (b.l - a.l)) / (a.v + b.v) : 0);
  }
  return nodes;
}

/**
 * A piece's limits on the path speed and acceleration. On a straight piece joint j moves d_j per unit L, so
 * speed ≤ vmax_j/|d_j| and acceleration ≤ amax_j/|d_j|. On a blend the direction turns at rate κ_j per unit L, so
 * a joint's acceleration is κ_j·speed² + d_j·(path acceleration): the speed is capped so the first term takes at
 * most half the joint's bound, and the path acceleration gets what the first term leaves at that speed (nearly
 * all of it on the slight corners of a densely sampled line, so such a path runs as fast as the straight move).
 */
function pieceLimits(piece: PathPiece, bounds: readonly JointBounds[]): { speed: number; acc: number } {
  const span = piece.toL - piece.fromL;
  const blend = piece.dirIn !== piece.dirOut;
  const dirs = bounds.map((_, j) => Math.max(Math.abs(piece.dirIn[j]!), Math.abs(piece.dirOut[j]!)));
  const turns = bounds.map((_, j) => (blend ? Math.abs(piece.dirOut[j]! - piece.dirIn[j]!) / span : 0));
  let speed = Infinity;
  bounds.forEach((b, j) => {
    if (dirs[j]! > 0) speed = Math.min(speed, b.maxVelocity / dirs[j]!);
    if (turns[j]! > 0) speed = Math.min(speed, Math.sqrt((0.5 * b.maxAcceleration) / turns[j]!));
  });
  let acc = Infinity;
  bounds.forEach((b, j) => {
    if (dirs[j]! > 0) acc = Math.min(acc, (b.maxAcceleration - turns[j]! * speed * speed) / dirs[j]!);
  });
  return { speed, acc: Number.isFinite(acc) ? acc : 1 };
}
