import { poseError, type Pose } from '../../src/math/pose.ts';

/** How far another object may move before it counts as knocked, and how far it may turn. */
export interface CollateralLimits {
  /** Shift of an object's centre, m: a tote neighbour nudged by a finger moves a few millimetres. */
  readonly moveM: number;
  /** Turn of an object, rad: a product tipped over turns 90°. */
  readonly turnRad: number;
}

export const COLLATERAL_LIMITS: CollateralLimits = { moveM: 0.02, turnRad: (15 * Math.PI) / 180 };

/** One object that moved while a skill ran that should not have moved it. */
export interface CollateralMove {
  readonly objectId: string;
  /** How far its centre moved, m. */
  readonly movedM: number;
  /** How far it turned, rad. */
  readonly turnedRad: number;
}

/**
 * The objects, other than `allowed`, that moved beyond `limits` between two readings of the tracked poses, farthest
 * first. Objects present in only one reading (a shopper took one, stock was added) are not compared.
 */
export function collateralMoves(
  before: ReadonlyMap<string, Pose>,
  after: ReadonlyMap<string, Pose>,
  allowed: ReadonlySet<string>,
  limits: CollateralLimits = COLLATERAL_LIMITS,
): CollateralMove[] {
  const moves: CollateralMove[] = [];
  for (const [objectId, was] of before) {
    const now = after.get(objectId);
    if (now === undefined || allowed.has(objectId)) continue;
    const { positionM: movedM, rotationRad: turnedRad } = poseError(was, now);
    if (movedM > limits.moveM || turnedRad > limits.turnRad) moves.push({ objectId, movedM, turnedRad });
  }
  return moves.sort((a, b) => b.movedM - a.movedM);
}

/** `can-1 moved 12.3 cm, turned 80°; …`, the first few. */
export function describeMoves(moves: readonly CollateralMove[], shown = 4): string {
  const text = moves
    .slice(0, shown)
    .map(
      (m) =>
        `${m.objectId} moved ${(m.movedM * 100).toFixed(1)} cm, turned ${((m.turnedRad * 180) / Math.PI).toFixed(0)}°`,
    )
    .join('; ');
  return moves.length > shown ? `${text} and ${moves.length - shown} more` : text;
}
