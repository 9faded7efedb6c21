// The rules every grasp trial is judged by. Datasets record them from here (meta/info.json), never as literals.

/** How a trial decides its outcome. */
export const TRIAL_PROTOCOL = {
  /**
   * Raised whenever a change here, in the schedules (schedule.ts) or in how a trial's contacts are found changes
   * labels, so a dataset records which rules made it and a resumed run refuses another's chunks. 1: the shake a
   * plain sine from rest; 2: a windowed sine, its velocity and acceleration continuous; 3: the pads' and the palm's
   * contacts found afresh every step, never recycled by Rapier (sim/fresh-contacts.ts); 4: the pads' spin friction
   * reads only the points the solver pushed at and shares its patch's limit with the friction force the pad carries
   * (sim/effectors/pad-load.ts); 5: `palm_contact` when the palm carries the load (`palmLoadShare`), not on any touch;
   * 6: both pads read the spin before either resists it, relative to the hand, the reaction on the hand, not the
   * finger (sim/effectors/pad-spin.ts); 7: `palm_contact` only where the pads alone could not carry the object where it
   * sits (palm-load.ts's `fails`).
   */
  version: 7,
  /**
   * A held object is held by the fingers: the grasped point (fixed in the object at the end of closing) may move
   * this far relative to the pads' midpoint (or the cup face) and still count as held, m.
   *
   * A turn about the pads' axis barely moves that point. Counting a turn of the object relative to the pads beyond
   * a limit as slip too, in the trials and the MuJoCo referee alike, was measured on protocol 2 and not kept: at 20°
   * agreement went 427 → 433/480 on bench/verify-agreement.ts's seeds 11-13 but 136 → 134/151 on seed 14, 157 →
   * 153/168 on 15 and 109 → 107/120 on the other objects; at 30° every figure stayed the same. The engines' turns
   * in the grip disagree both ways, so the limit moves disagreements from one class to another.
   */
  heldSlipM: 0.02,
  /**
   * A grasp fails `palm_contact` when the palm's normal force on the object stays above this share of the weight's
   * part pressing it into the palm (m·g along −z of the gripper frame) through a whole check window
   * (`checkEverySteps` steps), in the trials and the MuJoCo referee alike (palm-load.ts). Half: the palm then carries
   * at least as much of that load as the fingers, as when a grip that cannot hold the weight lets the load slide
   * down onto the palm; a palm the object only grazes, or that the shake knocks against it, carries next to nothing
   * at rest and pushes for part of a shake cycle only. Protocols 1-4 failed a grasp on any palm touch. Agreement
   * with the referee (bench/verify-agreement.ts, lean-linkage labels), any touch → this rule: seeds 11/12/13 (tuned
   * on) 153/159/132 → 155/158/133 = 444 → 446/480; held out, seeds 14/15 and the other objects (seed 12) 140/161/112
   * → 142/159/113 = 413 → 414/439. The largest held-out class stays "held → MuJoCo palm contact" (16 → 12): there
   * MuJoCo pivots the object 13-46° in the grip and rests it on the palm where the trial's object does not turn so far.
   *
   * Issue 13's "palm" disagreements, traced in both engines (bench/verify-trace.ts, protocol 6): both judges are this
   * one rule (PalmLoadWatch) with the same threshold and cadence, each reading the palm's push along the approach
   * (Rapier: the palm's normal impulses / dt; MuJoCo: the palm body's contact force along −z, the mean over its
   * substeps); in both the palm's contacts lie on its face (|n·z| 0.88 on a can tilted 15°) and carry force. Where the
   * trial fails palm and MuJoCo holds, the object lands on the palm alike (can-500ml #18 of seed 14: slid 12.2 / 12.2 mm
   * towards it, turned 15.4 / 14.9°, 0.46 / 0.54 mm off its face in the hold) but the load parts differently between
   * the palm and the pads' friction, which could carry it alone (statically indeterminate): in the hold Rapier's palm
   * carries 3.3 N of the 3.4 N weight into it, MuJoCo's 0 N, its palm pushing only in 10-15-step bursts of the shake;
   * can-250ml-slim #17 (seed 15) 3.0 vs 0 N, soup-can #8 (seed 12) 1.3 vs 0 N. Failing a grasp at the next check on
   * any window the palm carried, not only a run still going at the check (a run of 12-23 steps now passes or fails by
   * where it falls: pasta-box #9 of seed 15, runs of 19 steps in Rapier and 15 in MuJoCo), was measured and not kept:
   * held out 142/161/113 → 143/163/112 = 416 → 418/439, tuned 154 + 159 + 136 = 449/480 (448 before), and the
   * referee then fails test/verify/palm-load.test.ts's upside-down box 0.5 mm off the palm, which the lift presses into
   * the palm at 1-49 N for 19 steps in a row, where the trial holds it.
   *
   * Protocol 7 settles the undetermined split: the palm carrying fails a grasp only where the pads alone could not
   * carry the object where it sits (PalmLoadWatch.fails: its weight's force and moment about the closing axis through
   * the pads' patches on their limit surface, μ·N and μ·N·ρ, from the commanded squeeze, μ, the mass and the object's
   * pose in the gripper, sim/grasp-trial/pads-carry.ts), the same rule in both engines. bench/verify-agreement.ts,
   * lean-linkage, protocol 6 → 7: held out 142/161/113 → 148/160/115 = 416 → 423/439; tuned 156/158/134 →
   * 155/158/138 = 448 → 451/480. Of the 42 grasps whose label or referee outcome changed, 23 came to agree (most
   * "held → MuJoCo palm" where MuJoCo's palm carried what its pads could), 13 came to disagree, all "palm → MuJoCo
   * held": MuJoCo's object sat, at its checks, where the pads could carry it, the trial's where they could not.
   * A rule on the force alone (2μF at the commanded squeeze against the weight into the palm, measured before and not
   * kept) failed no grasp at all on the palm: a can tipping onto it then counted as held.
   */
  palmLoadShare: 0.5,
  /** After closing, the trial is checked this often (and at the end of the lift and of the shake), steps. */
  checkEverySteps: 12,
  /**
   * The gripper is checked for overlap with the object at the grasp pose and backed off along the approach by
   * these distances (the path it came in on), m. A suction lip starts flush with the face, so its first check is
   * 2 mm back.
   */
  approachBackoffsM: [0, 0.02, 0.04],
  suctionApproachBackoffsM: [0.002, 0.02, 0.04],
  /** Overlap deeper than this is a collision; shapes touching or closer to each other than this are clear, m. */
  approachToleranceM: 0.0002,
  /**
   * Trials share a physics world in groups of this many, each in a fixed slot given by its index, so a trial's
   * world (and its floating-point rounding) never depends on chunking or on the worker that runs it. A trial-step
   * costs the same from 4 trials per world up (bench/datagen-levers.ts), so more per world would buy nothing.
   */
  trialsPerWorld: 16,
} as const;
