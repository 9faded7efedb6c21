/** How close `navigate` brings the base to a stand-off before it counts as arrived. */
export interface ArrivalTolerance {
  readonly toleranceM: number;
  readonly toleranceRad: number;
}

/**
 * How close the base must come to the stand-off, m: the reach check assumed that exact pose, and a top-down reach
 * into a tote from a footprint-clear stand-off is near the arm's limit, so navigate's default 3 cm is too loose.
 */
export const ARRIVAL_TOLERANCE_M = 0.01;
/** Heading tolerance at the stand-off: 3° of yaw is 3 cm at the hand, as much as the whole position tolerance. */
export const ARRIVAL_TOLERANCE_RAD = (1 * Math.PI) / 180;
/**
 * Tolerances for a stand-off that works only at its exact pose (no robust one was found): the base docks at the
 * edge of its tolerance, and a centimetre off such a stand-off the reach is gone by the time the lift is set.
 */
const EXACT_ARRIVAL_TOLERANCE_M = 0.003;
const EXACT_ARRIVAL_TOLERANCE_RAD = (0.3 * Math.PI) / 180;

/** Arrival tolerances for a stand-off: the usual ones, or tight ones when it works only at its exact pose. */
export function arrivalTolerance(robust: boolean): ArrivalTolerance {
  return robust
    ? { toleranceM: ARRIVAL_TOLERANCE_M, toleranceRad: ARRIVAL_TOLERANCE_RAD }
    : { toleranceM: EXACT_ARRIVAL_TOLERANCE_M, toleranceRad: EXACT_ARRIVAL_TOLERANCE_RAD };
}

/** A base pose error: world-frame offsets of the base, m, and of its heading, rad. */
export interface DockingError {
  readonly dxM: number;
  readonly dyM: number;
  readonly dyawRad: number;
}

/**
 * The base pose errors a stand-off docked to `tolerance` must survive: the follower stops as soon as the base is
 * inside its tolerance, so the base stands at its edge (demo seed 1's bleach-bottle pick: 2.98 mm and 0.15° off a
 * 3 mm / 0.3° stand-off). Eight of them: the whole position tolerance to each side along x and y, each with the whole
 * heading tolerance turned either way. Each offset is turned both ways because a turn can undo an offset at the hand:
 * with each offset turned one way only, place-for-hold's pick at lift 0.40 m failed 1 cm off along +y with no turn
 * (the elbow hit the tote's wall) and with the turn at 0.69°, yet passed with it at 1°, and was taken as robust.
 */
export function dockingErrors({ toleranceM: m, toleranceRad: rad }: ArrivalTolerance): readonly DockingError[] {
  const offsets = [
    { dxM: m, dyM: 0 },
    { dxM: -m, dyM: 0 },
    { dxM: 0, dyM: m },
    { dxM: 0, dyM: -m },
  ];
  return offsets.flatMap((offset) => [rad, -rad].map((dyawRad) => ({ ...offset, dyawRad })));
}
