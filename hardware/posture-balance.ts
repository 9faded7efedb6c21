/** A load a posture holds: its mass, carried by a link (at the link's origin, as a planner knows it). */
export interface PostureLoad {
  readonly link: string;
  readonly massKg: number;
}

/**
 * How a standing robot that can tip (a biped) judges the static balance of a posture, declared by its base so a
 * planner can tell, before it commits to a stand-off and lift, which postures the robot would refuse to move into.
 * The robot refuses a standing arm or lift motion that ends worse balanced than it stands and passes a posture
 * whose margin is below `requiredMarginM`; a planner that keeps every posture of its plan at or above it is never
 * refused.
 */
export interface PostureBalance {
  /** The least static CoM margin inside the support polygon a standing motion may end or pass with, m. */
  readonly requiredMarginM: number;
  /**
   * The static CoM margin of the robot standing on both feet in posture `joints` (any joints not given stay as they
   * are; the legs are solved into the posture as the robot would), `loads` included, m: negative outside the feet,
   * -Infinity when the legs cannot hold the posture. It does not depend on where the robot stands.
   */
  marginM(joints: Readonly<Record<string, number>>, loads?: readonly PostureLoad[]): number;
}
