/**
 * Distance within which every world we build makes (speculative) contacts, m. Rapier JS 0.21 defaults to 20 mm,
 * and a cylinder/box manifold built that far off goes stale while a body creeps past it: its normal froze on a
 * can's rim 18 mm from a finger pad, and the pad later "hit" that rim 10 mm clear of the can and pressed the can
 * into the table with ~680 N. 2 mm is Rapier's long-standing value; at 240 Hz it covers 0.5 m/s per step.
 */
export const PREDICTION_DISTANCE_M = 0.002;
