import { Vector2 } from 'three';
import { wrapAngle } from '../math/pose.ts';
import { PreviewController } from './lipm-preview.ts';
import { stabilityMargin, supportPolygon, type FootPlacement, type SoleSize } from './support-polygon.ts';
import { smoothstep } from './smoothstep.ts';
import { swingFoot } from './swing-foot.ts';

export type FootSide = 'left' | 'right';

/** One step of a walk: which foot swings, and where it lands. */
export interface PlannedStep {
  readonly foot: FootSide;
  readonly to: FootPlacement;
}

/** Timing and geometry of a gait. */
export interface GaitSettings {
  /** Control tick, s. */
  readonly dtS: number;
  /** Swing time of one step, s. */
  readonly singleSupportS: number;
  /** Weight transfer between steps, s. */
  readonly doubleSupportS: number;
  /** Weight shift onto the first stance foot before the first step, s. */
  readonly startS: number;
  /** Time at the end for the CoM to come to rest over the feet, s. */
  readonly settleS: number;
  /** Sole clearance at the top of a swing, above the higher of the two surfaces, m. */
  readonly swingHeightM: number;
  /** Height of the CoM above the soles, m (the pendulum length). */
  readonly comHeightM: number;
  readonly previewS: number;
  readonly sole: SoleSize;
}

/**
 * The phases of a walk the robot's gait does not declare: the first weight shift, the settle at the end and the
 * preview horizon. The walking controller walks with these, and a planner that foresees its body's path uses the same.
 */
export const WALK_PHASES = { startS: 0.4, settleS: 0.8, previewS: 1.6 } as const;

/** The walk at one control tick. */
export interface WalkSample {
  readonly tS: number;
  /** The CoM the legs must carry: position (z above the world floor) and horizontal acceleration. */
  readonly com: { readonly x: number; readonly y: number; readonly z: number };
  readonly comAcc: { readonly x: number; readonly y: number; readonly z: number };
  /** The support height the body rides at (smoothed across steps up and down), m. */
  readonly groundZ: number;
  /** The ZMP of that CoM motion (cart-table model with the vertical acceleration), and its reference. */
  readonly zmp: Vector2;
  readonly zmpReference: Vector2;
  readonly left: FootPlacement & { readonly liftM: number };
  readonly right: FootPlacement & { readonly liftM: number };
  readonly support: 'double' | FootSide;
  /** How far the ZMP is inside the support polygon, m (negative: outside, the robot would tip). */
  readonly marginM: number;
  /** The step under way (its index in the plan's steps), or -1 before the first and after the last. */
  readonly stepIndex: number;
}

/** The CoM's state along x and y (position, velocity, acceleration) where a plan starts. */
export interface ComState {
  readonly x: readonly [number, number, number];
  readonly y: readonly [number, number, number];
  /** Where the ZMP is at that moment; the reference starts there. */
  readonly zmp: { readonly x: number; readonly y: number };
}

export interface WalkPlan {
  readonly samples: readonly WalkSample[];
  readonly durationS: number;
  readonly minMarginM: number;
  readonly minMarginAtS: number;
  readonly steps: readonly PlannedStep[];
}

interface Segment {
  readonly kind: 'double' | FootSide;
  readonly durationS: number;
  readonly zmpFrom: FootPlacement;
  readonly zmpTo: FootPlacement;
  readonly stepIndex: number;
  readonly swing?: { readonly foot: FootSide; readonly from: FootPlacement; readonly to: FootPlacement };
}

const previewCache = new Map<string, PreviewController>();

/** The preview controller for a gait's tick, CoM height and preview length (the gains are computed once). */
export function previewControllerFor(settings: GaitSettings): PreviewController {
  const key = `${settings.dtS}/${settings.comHeightM}/${settings.previewS}`;
  let controller = previewCache.get(key);
  if (controller === undefined) {
    controller = new PreviewController({
      dtS: settings.dtS,
      comHeightM: settings.comHeightM,
      previewS: settings.previewS,
    });
    previewCache.set(key, controller);
  }
  return controller;
}

/**
 * Plans a walk: the ZMP reference from the footsteps (on the stance foot in single support, moving to the next
 * stance foot in double support), the CoM by preview control of the linear inverted pendulum, swing-foot paths,
 * and at every tick the ZMP of the planned CoM motion against the support polygon of the feet on the ground.
 */
export function planWalk(
  start: { readonly left: FootPlacement; readonly right: FootPlacement },
  steps: readonly PlannedStep[],
  settings: GaitSettings,
  /** Where the CoM is, and how it moves (a stop planned mid-walk); at rest over the feet' midpoint by default. */
  startCom?: ComState,
  /**
   * Where the CoM comes to rest relative to the feet's midpoint, in the frame between the feet (x forward), m: a
   * robot whose arms reach forward stands with its CoM ahead of the pelvis, and its pelvis should end on the goal.
   */
  restOffset: { readonly forwardM: number; readonly leftM: number } = { forwardM: 0, leftM: 0 },
): WalkPlan {
  const atRest = startCom === undefined || [startCom.x, startCom.y].every(([, v, a]) => v === 0 && a === 0);
  const segments = gaitSegments(start, steps, settings, startCom, atRest, restOffset);
  const dt = settings.dtS;
  const counts = segments.map((s) => Math.max(1, Math.round(s.durationS / dt)));
  const total = counts.reduce((a, b) => a + b, 0);
  const refX = new Float64Array(total);
  const refY = new Float64Array(total);
  const surfaceZ = new Float64Array(total);
  let k = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    for (let j = 0; j < counts[i]!; j++, k++) {
      const s = smoothstep((j + 1) / counts[i]!);
      refX[k] = lerp(segment.zmpFrom.x, segment.zmpTo.x, s);
      refY[k] = lerp(segment.zmpFrom.y, segment.zmpTo.y, s);
      surfaceZ[k] = lerp(segment.zmpFrom.zM, segment.zmpTo.zM, s);
    }
  }
  // The CoM rises or sinks with the support over a whole step, not within one weight transfer: a 10 cm step up in
  // 0.15 s would ask for a vertical acceleration of about 2.5 g.
  const comSurfaceZ = movingAverage(
    movingAverage(surfaceZ, (settings.singleSupportS + settings.doubleSupportS) / 2 / dt),
    (settings.singleSupportS + settings.doubleSupportS) / 2 / dt,
  );
  const preview = previewControllerFor(settings);
  const midX = (start.left.x + start.right.x) / 2;
  const midY = (start.left.y + start.right.y) / 2;
  const x = startCom === undefined ? preview.track(refX, midX) : preview.track(refX, ...startCom.x);
  const y = startCom === undefined ? preview.track(refY, midY) : preview.track(refY, ...startCom.y);
  const g = 9.81;
  const samples: WalkSample[] = [];
  let feet = { left: start.left, right: start.right };
  let minMarginM = Infinity;
  let minMarginAtS = 0;
  k = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    for (let j = 0; j < counts[i]!; j++, k++) {
      const tS = k * dt;
      const comZ = comSurfaceZ[k]! + settings.comHeightM;
      const zAcc =
        k > 0 && k < total - 1 ? (comSurfaceZ[k + 1]! - 2 * comSurfaceZ[k]! + comSurfaceZ[k - 1]!) / (dt * dt) : 0;
      const lever = settings.comHeightM / (g + zAcc);
      const zmp = new Vector2(x.position[k]! - lever * x.acceleration[k]!, y.position[k]! - lever * y.acceleration[k]!);
      let left: FootPlacement & { liftM: number } = { ...feet.left, liftM: 0 };
      let right: FootPlacement & { liftM: number } = { ...feet.right, liftM: 0 };
      if (segment.swing !== undefined) {
        const phase = (j + 1) / counts[i]!;
        const swung = swingFoot(segment.swing.from, segment.swing.to, phase, settings.swingHeightM);
        if (segment.swing.foot === 'left') left = swung;
        else right = swung;
      }
      const onGround = segment.kind === 'double' ? [left, right] : [segment.kind === 'left' ? left : right];
      const marginM = stabilityMargin(zmp, supportPolygon(onGround, settings.sole));
      if (marginM < minMarginM) {
        minMarginM = marginM;
        minMarginAtS = tS;
      }
      samples.push({
        tS,
        com: { x: x.position[k]!, y: y.position[k]!, z: comZ },
        comAcc: { x: x.acceleration[k]!, y: y.acceleration[k]!, z: zAcc },
        groundZ: comSurfaceZ[k]!,
        zmp,
        zmpReference: new Vector2(refX[k], refY[k]),
        left,
        right,
        support: segment.kind,
        marginM,
        stepIndex: segment.stepIndex,
      });
    }
    if (segment.swing !== undefined) feet = { ...feet, [segment.swing.foot]: segment.swing.to };
  }
  return { samples, durationS: total * dt, minMarginM, minMarginAtS, steps };
}

/** The single- and double-support phases of a walk, with where the ZMP goes in each. */
function gaitSegments(
  start: { readonly left: FootPlacement; readonly right: FootPlacement },
  steps: readonly PlannedStep[],
  settings: GaitSettings,
  startCom: ComState | undefined,
  atRest: boolean,
  restOffset: { readonly forwardM: number; readonly leftM: number },
): Segment[] {
  const segments: Segment[] = [];
  const feet: Record<FootSide, FootPlacement> = { left: start.left, right: start.right };
  let zmp = midpoint(feet.left, feet.right);
  if (startCom !== undefined) zmp = { ...zmp, x: startCom.zmp.x, y: startCom.zmp.y };
  // The preview controller starts from rest: with the first weight shift inside its preview window it would jerk
  // the CoM at once. Standing still for the preview time first lets the CoM start as gently as it stops.
  if (steps.length > 0 && atRest) {
    segments.push({ kind: 'double', durationS: settings.previewS, zmpFrom: zmp, zmpTo: zmp, stepIndex: -1 });
  }
  const other = (foot: FootSide): FootSide => (foot === 'left' ? 'right' : 'left');
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const stance = feet[other(step.foot)];
    segments.push({
      kind: 'double',
      durationS: i === 0 ? settings.startS : settings.doubleSupportS,
      zmpFrom: zmp,
      zmpTo: stance,
      stepIndex: i - 1,
    });
    segments.push({
      kind: other(step.foot),
      durationS: settings.singleSupportS,
      zmpFrom: stance,
      zmpTo: stance,
      stepIndex: i,
      swing: { foot: step.foot, from: feet[step.foot], to: step.to },
    });
    zmp = stance;
    feet[step.foot] = step.to;
  }
  const middle = midpoint(feet.left, feet.right);
  const c = Math.cos(middle.yawRad);
  const s = Math.sin(middle.yawRad);
  const end = {
    ...middle,
    x: middle.x + c * restOffset.forwardM - s * restOffset.leftM,
    y: middle.y + s * restOffset.forwardM + c * restOffset.leftM,
  };
  segments.push({
    kind: 'double',
    durationS: steps.length === 0 ? settings.doubleSupportS : 2 * settings.doubleSupportS,
    zmpFrom: zmp,
    zmpTo: end,
    stepIndex: -1,
  });
  segments.push({ kind: 'double', durationS: settings.settleS, zmpFrom: end, zmpTo: end, stepIndex: -1 });
  return segments;
}

/** A centred moving average over about `width` samples, holding the ends. */
function movingAverage(values: Float64Array, width: number): Float64Array {
  const half = Math.max(0, Math.round(width / 2));
  const out = new Float64Array(values.length);
  const n = values.length;
  let sum = 0;
  const at = (i: number): number => values[Math.min(n - 1, Math.max(0, i))]!;
  for (let i = -half; i <= half; i++) sum += at(i);
  for (let k = 0; k < n; k++) {
    out[k] = sum / (2 * half + 1);
    sum += at(k + half + 1) - at(k - half);
  }
  return out;
}

function midpoint(a: FootPlacement, b: FootPlacement): FootPlacement {
  return {
    x: (a.x + b.x) / 2,
    y: (a.y + b.y) / 2,
    zM: (a.zM + b.zM) / 2,
    yawRad: a.yawRad + wrapAngle(b.yawRad - a.yawRad) / 2,
  };
}

function lerp(a: number, b: number, s: number): number {
  return a + (b - a) * s;
}
