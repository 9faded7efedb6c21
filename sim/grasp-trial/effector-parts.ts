import type { EffectorModel } from './types.ts';

/** One collision part of an end effector, in the gripper frame. */
export interface EffectorPart {
  readonly name: string;
  readonly kind: 'box' | 'cylinder';
  /** Box: half extents. Cylinder (along gripper z): [radius, radius, half height]. */
  readonly halfExtentsM: readonly [number, number, number];
  readonly centreInGripper: readonly [number, number, number];
}

/** Height of a suction cup's lip cylinder, m. */
export const SUCTION_LIP_HEIGHT_M = 0.01;

/**
 * The effector's collision geometry, open: palm and both pads at full opening (parallel), or the cup lip and its
 * stem (suction). The one description of these shapes: the trials build their bodies from it, the approach check
 * and the clutter scenes' collision check use it, and datasets describe the gripper with it.
 */
export function effectorParts(effector: EffectorModel): EffectorPart[] {
  if (effector.kind === 'parallel') {
    const x0 = effector.maxOpeningM / 2 + effector.padHalfM[0];
    return [
      { name: 'palm', kind: 'box', halfExtentsM: effector.palmHalfM, centreInGripper: [0, 0, effector.palmCentreZM] },
      {
        name: 'finger+x',
        kind: 'box',
        halfExtentsM: effector.padHalfM,
        centreInGripper: [x0, 0, effector.padCentreZM],
      },
      {
        name: 'finger-x',
        kind: 'box',
        halfExtentsM: effector.padHalfM,
        centreInGripper: [-x0, 0, effector.padCentreZM],
      },
    ];
  }
  const lipHalf = SUCTION_LIP_HEIGHT_M / 2;
  const stemHalf = (effector.tcpZM - SUCTION_LIP_HEIGHT_M) / 2;
  const r = effector.cupRadiusM;
  const s = effector.stemRadiusM;
  return [
    { name: 'cup', kind: 'cylinder', halfExtentsM: [r, r, lipHalf], centreInGripper: [0, 0, effector.tcpZM - lipHalf] },
    { name: 'stem', kind: 'cylinder', halfExtentsM: [s, s, stemHalf], centreInGripper: [0, 0, stemHalf] },
  ];
}
