import { Vector2 } from 'three';
import { stabilityMargin, supportPolygon, type FootPlacement } from './support-polygon.ts';
import type { ComState, GaitSettings, WalkPlan, WalkSample } from './walk-plan.ts';

/** The divergent component of motion is brought to the target at this rate, 1/s. */
const CAPTURE_GAIN = 2;
/** Longest a stop may take, s. */
const MAX_STOP_S = 4;
/** The ZMP is kept this far inside the feet when the capture law would put it nearer the edge, m. */
const KEEP_INSIDE_M = 0.01;

/**
 * `wanted` if it is well inside the polygon, else the point nearest it on the segment back to `xi` that is (by
 * bisection): a ZMP between the capture point and the edge still pulls the capture point back, only slower.
 */
function insideOrToward(wanted: Vector2, xi: Vector2, polygon: readonly Vector2[]): Vector2 {
  if (stabilityMargin(wanted, polygon) >= KEEP_INSIDE_M) return wanted;
  if (stabilityMargin(xi, polygon) < KEEP_INSIDE_M) return xi;
  let inside = 0;
  let outside = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (inside + outside) / 2;
    if (stabilityMargin(xi.clone().lerp(wanted, mid), polygon) >= KEEP_INSIDE_M) inside = mid;
    else outside = mid;
  }
  return xi.clone().lerp(wanted, inside);
}

/**
 * Brings a moving CoM to rest over `restAt` with both feet where they are, by capture-point (divergent component
 * of motion) control of the linear inverted pendulum: with ω = √(g / z_c) and ξ = c + ċ/ω, the ZMP
 * p = ξ + (k/ω)(ξ − target) makes ξ converge to the target at rate k, and the CoM follows ξ. Unlike a fresh preview
 * plan, nothing here reacts to the sudden change of intent with a jerk: the ZMP moves at once, continuously after
 * that, and the CoM keeps its position and velocity. The plan shows whether the ZMP stays inside the feet.
 */
export function planStop(
  feet: { readonly left: FootPlacement; readonly right: FootPlacement },
  startCom: ComState,
  restAt: { readonly x: number; readonly y: number },
  settings: GaitSettings,
): WalkPlan {
  const g = 9.81;
  const omega = Math.sqrt(g / settings.comHeightM);
  const dt = settings.dtS;
  const polygon = supportPolygon([feet.left, feet.right], settings.sole);
  const groundZ = (feet.left.zM + feet.right.zM) / 2;
  let [cx, vx] = startCom.x;
  let [cy, vy] = startCom.y;
  const samples: WalkSample[] = [];
  let minMarginM = Infinity;
  let minMarginAtS = 0;
  const maxTicks = Math.round(MAX_STOP_S / dt);
  for (let k = 0; k < maxTicks; k++) {
    const xiX = cx + vx / omega;
    const xiY = cy + vy / omega;
    const xi = new Vector2(xiX, xiY);
    const zmp = insideOrToward(
      new Vector2(xiX + (CAPTURE_GAIN / omega) * (xiX - restAt.x), xiY + (CAPTURE_GAIN / omega) * (xiY - restAt.y)),
      xi,
      polygon,
    );
    const ax = omega * omega * (cx - zmp.x);
    const ay = omega * omega * (cy - zmp.y);
    const marginM = stabilityMargin(zmp, polygon);
    if (marginM < minMarginM) {
      minMarginM = marginM;
      minMarginAtS = k * dt;
    }
    samples.push({
      tS: k * dt,
      com: { x: cx, y: cy, z: groundZ + settings.comHeightM },
      comAcc: { x: ax, y: ay, z: 0 },
      groundZ,
      zmp,
      zmpReference: zmp,
      left: { ...feet.left, liftM: 0 },
      right: { ...feet.right, liftM: 0 },
      support: 'double',
      marginM,
      stepIndex: -1,
    });
    const settled = Math.hypot(xiX - restAt.x, xiY - restAt.y) < 2e-4 && Math.hypot(vx, vy) < 1e-3;
    if (settled && k * dt > 0.3) break;
    vx += ax * dt;
    vy += ay * dt;
    cx += vx * dt;
    cy += vy * dt;
  }
  return { samples, durationS: samples.length * dt, minMarginM, minMarginAtS, steps: [] };
}
