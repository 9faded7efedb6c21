import { PARALLEL_JAW_LAW } from '../../sim/effectors/parallel-jaw.ts';
import { SUCTION_LAW } from '../../sim/effectors/suction-cup.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { effectorParts, type EffectorPart } from '../../sim/grasp-trial/effector-parts.ts';
import type { EffectorModel } from '../../sim/grasp-trial/types.ts';
import { primitiveTriangles, trianglesToObj } from './primitive-mesh.ts';

/** Where the gripper's own files go in a dataset. */
export const GRIPPER_FILES = { urdf: 'meta/gripper.urdf', mesh: 'meta/gripper.obj' } as const;

/**
 * Everything needed to rebuild the effector's collision model and contact law with no other source: frame
 * conventions, TCP, opening, the parts (boxes and cylinders with their centres), and the law's constants. Written
 * into meta/info.json and, as JSON, into every object file's `gripper/description`.
 */
export function gripperDescription(effector: EffectorModel): Record<string, unknown> {
  const parts = effectorParts(effector).map((p: EffectorPart) => ({
    name: p.name,
    kind: p.kind,
    ...(p.kind === 'box'
      ? { sizeM: p.halfExtentsM.map((h) => 2 * h) }
      : { radiusM: p.halfExtentsM[0], heightM: 2 * p.halfExtentsM[2] }),
    centreM: p.centreInGripper,
  }));
  if (effector.kind === 'suction') {
    return {
      name: effector.name,
      kind: 'suction',
      frame: 'origin at the mount; +z is the approach direction (into the surface)',
      tcpM: [0, 0, effector.tcpZM],
      cupDiameterM: 2 * effector.cupRadiusM,
      parts,
      law: SUCTION_LAW,
      effort: 'vacuum in kPa per grasp (embody/effort); rated hold = vacuum × lip area',
      files: GRIPPER_FILES,
    };
  }
  return {
    name: effector.name,
    kind: 'parallel',
    frame: 'ACRONYM convention: origin at the hand base; +z is the approach direction, +x the closing axis',
    approachAxis: [0, 0, 1],
    closingAxis: [1, 0, 0],
    tcpM: [0, 0, effector.tcpZM],
    maxOpeningM: effector.maxOpeningM,
    configuration: gripperConfiguration(effector),
    fingerMassKg: effector.fingerMassKg,
    parts,
    partsNote: 'open: pads at full opening; closed, the pads\u2019 inner faces meet at x = 0',
    law: PARALLEL_JAW_LAW,
    effort: 'force limit of each finger in N per grasp (embody/effort)',
    comparedToPanda: pandaComparison(effector),
    files: GRIPPER_FILES,
  };
}

/** ACRONYM's `gripper/configuration`: each finger's joint position at full opening, m. */
export function gripperConfiguration(effector: EffectorModel): number[] {
  return effector.kind === 'parallel' ? [effector.maxOpeningM / 2, effector.maxOpeningM / 2] : [];
}

/** How this jaw differs from ACRONYM's Franka Panda fingers, said plainly. */
function pandaComparison(effector: EffectorModel & { kind: 'parallel' }): string {
  if (effector.name === 'franka_panda')
    return 'Panda-compatible: the Franka hand\u2019s stroke, TCP and 18 mm fingertip pads; the fingers\u2019 recessed upper parts are left out';
  const padLengthMm = Math.round(2000 * effector.padHalfM[2]);
  const same = effector.name === EMBODY_JAW_80MM.name;
  return (
    `not the Panda: flat ${padLengthMm} mm pads centred ${Math.round(1000 * (effector.tcpZM - effector.padCentreZM))} mm from the TCP ` +
    `(the Panda\u2019s rubber fingertips are 18 mm long and end 9 mm past the TCP), so contact patches are longer` +
    (same ? '; use --gripper panda for Panda-compatible fingers' : '')
  );
}

/** A URDF of the open gripper: one fixed link per part, box and cylinder geometry, for loaders that want one. */
export function gripperUrdf(effector: EffectorModel): string {
  const links = effectorParts(effector).map((p) => {
    const geometry =
      p.kind === 'box'
        ? `<box size="${p.halfExtentsM.map((h) => num(2 * h)).join(' ')}"/>`
        : `<cylinder radius="${num(p.halfExtentsM[0])}" length="${num(2 * p.halfExtentsM[2])}"/>`;
    const origin = `<origin xyz="${p.centreInGripper.map(num).join(' ')}" rpy="0 0 0"/>`;
    const name = p.name.replace(/[^A-Za-z0-9_]/g, '_');
    return [
      `  <link name="${name}">`,
      `    <visual>${origin}<geometry>${geometry}</geometry></visual>`,
      `    <collision>${origin}<geometry>${geometry}</geometry></collision>`,
      '  </link>',
      `  <joint name="${name}_joint" type="fixed"><parent link="gripper_base"/><child link="${name}"/></joint>`,
    ].join('\n');
  });
  return [
    '<?xml version="1.0"?>',
    `<!-- ${effector.name}, open, in the dataset's gripper frame (see meta/info.json effector). -->`,
    `<robot name="${effector.name.replace(/[^A-Za-z0-9_-]/g, '_')}">`,
    '  <link name="gripper_base"/>',
    ...links,
    '</robot>',
    '',
  ].join('\n');
}

/** The open gripper's parts as one OBJ mesh in the gripper frame. */
export function gripperObj(effector: EffectorModel): string {
  const soups = effectorParts(effector).map((p) => {
    const shape =
      p.kind === 'box'
        ? { kind: 'box' as const, sizeM: p.halfExtentsM.map((h) => 2 * h) as [number, number, number] }
        : { kind: 'cylinder' as const, radiusM: p.halfExtentsM[0], heightM: 2 * p.halfExtentsM[2] };
    const soup = primitiveTriangles(shape);
    for (let i = 0; i < soup.length; i++) soup[i]! += p.centreInGripper[i % 3]!;
    return soup;
  });
  const all = new Float32Array(soups.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of soups) {
    all.set(s, at);
    at += s.length;
  }
  return trianglesToObj(all, `${effector.name}, open, gripper frame (+z approach), metres`);
}

function num(v: number): string {
  return (Math.round(v * 1e6) / 1e6).toString();
}
