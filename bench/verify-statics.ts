// The quasi-static check (apps/verify/quasi-static.ts) against both engines: for each held/not-held disagreement
// of the verify-agreement bench, what statics says and which engine it sides with, by class; and, as the check's
// own calibration, how often it agrees with the outcome both engines agree on.
import { writeFileSync } from 'node:fs';
import type { ReplayDataset } from '../apps/verify/dataset-sample.ts';
import { quasiStaticCheck, type QuasiStaticCheck } from '../apps/verify/quasi-static.ts';
import type { FailureMode } from '../sim/grasp-trial/types.ts';

/** Held, not held, or not settled by statics: a clear hold clear of the palm, a clear slip, or neither. */
export function staticSide(c: QuasiStaticCheck): 'held' | 'dropped' | 'unsettled' {
  if (c.verdict === 'slips' || c.verdict === 'no-contact') return 'dropped';
  if (c.verdict === 'holds') return 'held';
  return 'unsettled';
}

function line(key: string, c: QuasiStaticCheck): string {
  const deg = (r: number): string => `${((r * 180) / Math.PI).toFixed(0)}°`;
  const pads = c.pads
    ? c.pads
        .map((p) => `ρ ${(p.torsionRadiusM * 1000).toFixed(1)} mm n ${p.points} ∠${deg(p.contactAngleRad)}`)
        .join(' | ')
    : 'no contact';
  return (
    `    ${key.padEnd(20)} ${staticSide(c).padEnd(9)} demand ${c.demand.toFixed(2)} steady ${c.steadyDemand.toFixed(2)} (F ${c.gripForceN.toFixed(1)} N, ` +
    `μ ${c.friction.toFixed(2)}, load ${c.loadN.toFixed(2)} N, moment ${(c.momentNm * 1000).toFixed(0)} N·mm) ` +
    `turn ${deg(c.turnRad[0])}/${deg(c.turnRad[1])} palm at ${c.palmStep.join('/')}, slides ${c.slideSteps} steps ${(c.slideM * 1000).toFixed(1)} mm, settles ${deg(c.settleRad)}, palm gap ${(c.palmGapM * 1000).toFixed(1)} mm, pivot to palm ${deg(c.pivotToPalmRad)}; ${pads}`
  );
}

/** Prints the statics of each disagreement by class, the side statics takes per class, and its calibration. */
export function staticsReport(
  rows: readonly { key: string; label: FailureMode; referee: FailureMode }[],
  dataset: ReplayDataset,
): void {
  const trial = new Map(dataset.trials.map((t) => [`${t.object}#${t.trialIndex}`, t]));
  const check = (key: string): QuasiStaticCheck => {
    const t = trial.get(key)!;
    return quasiStaticCheck(dataset.effector, dataset.shapes.get(t.object)!, dataset.schedule, t);
  };
  const classes = new Map<string, { key: string; c: QuasiStaticCheck; labelHeld: boolean }[]>();
  const agreed = { held: [0, 0, 0], dropped: [0, 0, 0] };
  const dump: string[] = [];
  let skipped = 0;
  for (const r of rows) {
    const kind = dataset.shapes.get(trial.get(r.key)!.object)!.kind;
    // The check knows boxes and cylinders (the goal's objects); others are counted, not judged.
    if (kind !== 'box' && kind !== 'cylinder') {
      skipped++;
      continue;
    }
    const c = check(r.key);
    const t = trial.get(r.key)!;
    dump.push(
      JSON.stringify({
        key: r.key,
        label: r.label,
        referee: r.referee,
        statics: staticSide(c),
        // The grasp itself, to replay it in a test.
        gripperInObject: t.gripperInObject.elements,
        objectRotationInWorld: t.objectRotationInWorld.toArray(),
        massKg: t.massKg,
        friction: t.friction,
        effort: t.effort,
        shape: dataset.shapes.get(t.object),
      }),
    );
    const labelHeld = r.label === 'none';
    if (labelHeld === (r.referee === 'none')) {
      const side = staticSide(c);
      agreed[labelHeld ? 'held' : 'dropped'][side === 'held' ? 0 : side === 'dropped' ? 1 : 2]! += 1;
      continue;
    }
    const name = `${r.label} → ${r.referee}`;
    classes.set(name, [...(classes.get(name) ?? []), { key: r.key, c, labelHeld }]);
  }
  // BENCH_VERIFY_DUMP: every grasp's label, referee outcome and statics, one JSON line each (to compare runs).
  if (process.env.BENCH_VERIFY_DUMP) writeFileSync(process.env.BENCH_VERIFY_DUMP, dump.join('\n') + '\n');
  console.log('quasi-static check of the disagreements (held / dropped / unsettled by statics):');
  for (const [name, members] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
    let trials = 0;
    let mujoco = 0;
    for (const m of members) {
      const side = staticSide(m.c);
      if (side === 'unsettled') continue;
      if ((side === 'held') === m.labelHeld) trials++;
      else mujoco++;
    }
    console.log(
      `  ${name}: ${members.length}; statics sides with the labels in ${trials}, with MuJoCo in ${mujoco}, ` +
        `unsettled ${members.length - trials - mujoco}`,
    );
    for (const m of members) console.log(line(m.key, m.c));
  }
  console.log(
    `  calibration where both engines agree: held ${agreed.held.join(' / ')}, ` +
      `not held ${agreed.dropped.join(' / ')} (statics held / dropped / unsettled)` +
      (skipped > 0 ? `; ${skipped} grasps of objects neither box nor cylinder not judged` : ''),
  );
}
