import type { Arm } from '../../hardware/arm.ts';
import type { RandomSource } from '../../src/math/random.ts';
import { armSweepHit, type SweepOptions } from '../arm/arm-sweep.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { jointDistance } from '../arm/reachability.ts';
import { withArmJoints } from '../arm/robot-frames.ts';

/** The longest joint step of one tree edge (the largest joint's change), rad. */
const STEP_RAD = 0.3;
/** Joint-space samples one search draws at most before it gives up. */
const MAX_SAMPLES = 300;
/** Shortcuts tried on a found path: a corner dropped where the straight way past it is clear. */
const SHORTCUTS = 40;
/** The executed path's points are this close at most (the largest joint's change), rad: blended corners stay on it. */
const DENSE_RAD = 0.05;

/** Where a joint-space search starts and what it may reach. */
export interface JointPathQuery {
  readonly from: readonly number[];
  /** The posture to reach. */
  readonly goal: readonly number[];
  /** Also done when the search reaches a posture this accepts (a fold-free stop inside the footprint), if any. */
  readonly enough?: (q: readonly number[]) => boolean;
  /** The arm's fingers as they stand, for the sweep. */
  readonly fingers: SweepOptions;
  /** Objects the first edge out of `from` may pass by (what the fingers touch there). */
  readonly ignoreAtStart: readonly string[];
  readonly random: RandomSource;
}

/**
 * A collision-free joint path for `arm` from `query.from` to `query.goal` (or to the first posture `query.enough`
 * accepts, when the goal cannot be reached), every edge's sweep checked against the scene as `armSweepHit` checks a
 * fold: a bidirectional sampled tree (RRT-Connect) in the arm's joint limits, then shortcut, then resampled densely
 * so the arm's blended corners stay on the checked path. Undefined when no path is found within `MAX_SAMPLES`
 * samples. The path's points exclude `from` and end at the posture reached.
 */
export function plannedJointPath(scene: PlanningScene, arm: Arm, query: JointPathQuery): number[][] | undefined {
  const { from, goal, fingers, random } = query;
  const clear = (a: readonly number[], b: readonly number[]): boolean =>
    !armSweepHit(scene, arm, [b], withArmJoints({}, arm, a), a === from ? query.ignoreAtStart : [], fingers);
  const start: Tree = [{ q: [...from], parent: -1 }];
  const end: Tree = [{ q: [...goal], parent: -1 }];
  let enough: number | undefined;
  for (let i = 0; i < MAX_SAMPLES; i++) {
    // A continuous joint (no limits) is sampled within a turn either way of where it stands.
    const target = arm.limits.map((l, j) =>
      random.uniform(Math.max(l.lower, from[j]! - Math.PI), Math.min(l.upper, from[j]! + Math.PI)),
    );
    // Grow the tree from the start one step toward the sample, then the goal's tree toward the new posture.
    const added = extend(start, target, clear);
    if (added === undefined) continue;
    const reached = start[added]!.q;
    if (enough === undefined && query.enough?.(reached)) enough = added;
    const met = connect(end, reached, clear);
    if (met !== undefined) return finish([...branch(start, added), ...branch(end, met).reverse()], from, clear, random);
  }
  return enough === undefined ? undefined : finish(branch(start, enough), from, clear, random);
}

type Tree = { readonly q: number[]; readonly parent: number }[];
type Clear = (a: readonly number[], b: readonly number[]) => boolean;

/** One step (at most `STEP_RAD`) from the tree's nearest posture toward `target`: the new node's index, if clear. */
function extend(tree: Tree, target: readonly number[], clear: Clear): number | undefined {
  let nearest = 0;
  for (let i = 1; i < tree.length; i++)
    if (jointDistance(tree[i]!.q, target) < jointDistance(tree[nearest]!.q, target)) nearest = i;
  const from = tree[nearest]!.q;
  const d = jointDistance(from, target);
  const t = d <= STEP_RAD ? 1 : STEP_RAD / d;
  const q = from.map((v, i) => v + t * ((target[i] ?? v) - v));
  if (!clear(from, q)) return undefined;
  tree.push({ q, parent: nearest });
  return tree.length - 1;
}

/** Steps the tree toward `target` until it reaches it (the node's index) or a step is blocked (undefined). */
function connect(tree: Tree, target: readonly number[], clear: Clear): number | undefined {
  for (;;) {
    const added = extend(tree, target, clear);
    if (added === undefined) return undefined;
    if (jointDistance(tree[added]!.q, target) < 1e-9) return added;
  }
}

/** The postures from the tree's root to node `index`. */
function branch(tree: Tree, index: number): number[][] {
  const out: number[][] = [];
  for (let i = index; i >= 0; i = tree[i]!.parent) out.unshift(tree[i]!.q);
  return out;
}

/** Drops corners where the straight way past them is clear, then resamples densely; `from` itself left out. */
function finish(path: number[][], from: readonly number[], clear: Clear, random: RandomSource): number[][] {
  const way = [...path];
  for (let k = 0; k < SHORTCUTS && way.length > 2; k++) {
    const i = random.int(way.length - 2);
    const j = i + 2 + random.int(way.length - i - 2);
    if (clear(way[i]!, way[j]!)) way.splice(i + 1, j - i - 1);
  }
  const dense: number[][] = [];
  for (let i = 1; i < way.length; i++) {
    const a = way[i - 1]!;
    const b = way[i]!;
    const n = Math.max(1, Math.ceil(jointDistance(a, b) / DENSE_RAD));
    for (let s = 1; s <= n; s++) dense.push(a.map((v, j) => v + (s / n) * ((b[j] ?? v) - v)));
  }
  return dense;
}
