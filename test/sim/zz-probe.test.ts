import { it } from 'vitest';
import { Vector3 } from 'three';
import { runLabelTransfer, runTransferObject, tabletopScene } from '../../bench/label-transfer.ts';
it('probe', async () => {
  const notes: string[] = [];
  const r = await runLabelTransfer({ objects: ['can-330ml'], graspsPerObject: 150, seed: 11, samplePerObject: 150, note: (l) => notes.push(l) });
  for (const n of notes) if (!n.includes('rise') || n.includes('(none)')) console.log('NOTE', n);
  const scene = await tabletopScene();
  const bad = r.scored.filter((x) => (x.label === 'none') !== (x.outcome === 'held'));
  for (const row of bad) {
    const m = row.trial.gripperInObject;
    const approach = new Vector3().setFromMatrixColumn(m, 2);
    const close = new Vector3().setFromMatrixColumn(m, 0);
    const tcp = new Vector3(0, 0, 0.135).applyMatrix4(m);
    console.log(row.label, row.outcome, 'approach', approach.toArray().map((v) => v.toFixed(2)).join(','), 'close', close.toArray().map((v) => v.toFixed(2)).join(','), 'tcp', tcp.toArray().map((v) => v.toFixed(3)).join(','), 'mu', row.trial.friction.toFixed(2), 'F', row.trial.effort.toFixed(1), 'm', row.trial.massKg.toFixed(3));
  }
  const { runGraspOnRobot } = await import('../../sim/grasp-on-robot.ts');
  void runGraspOnRobot;
  const counts = new Map<string, number>();
  for (const row of r.rows) counts.set(row.outcome, (counts.get(row.outcome) ?? 0) + 1);
  console.log([...counts]);
  void scene; void runTransferObject;
}, 900_000);
