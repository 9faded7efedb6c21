/**
 * How the MuJoCo referee simulates, and why. MuJoCo's defaults (pyramidal friction cone, soft contacts with
 * solref 0.02) let 20 N pads sink 3–4 mm into a box and a held box creep 5 mm in the grip: not a usable reference
 * for labels that hinge on slip. These settings make its contacts stiff and its friction a true cone.
 */
export const MUJOCO_SETTINGS = {
  /** Elliptic friction cone: the Coulomb cone itself, not its pyramid approximation (which under-grips diagonally). */
  cone: 'elliptic',
  /**
   * Stiff contacts: time constant 5 ms, critically damped. It must stay above two MuJoCo steps, hence the substeps.
   *
   * The pads then sink 0.3 mm, the trial's 0.6–2.5 mm more (Rapier's contact springs, sim/README.md), and that
   * decides how wide a grip is where the object's surface is tilted across the pad's 20 mm width. Traced in both
   * engines (bench/verify-trace.ts, protocol 6, lean-linkage labels): in 11 of the 16 held-out grasps the trial
   * holds and MuJoCo does not (seeds 14, 15, other objects), MuJoCo's pads touch at one spot at the end of closing
   * (one point, or three within 0.1 mm, at the pad's side edge; both pads, one in pasta-box #2) where Rapier's push
   * along the pad, 5–17 mm rms across it on one pad or both. Pasta-box #21 (seed 14, μ 1.02, 16.4 N) meets each pad
   * by a line tilted 2.4° and 3.5° across it: Rapier's two ends lie 0.8 and 1.2 mm apart in depth and both push,
   * MuJoCo touches by the deeper end alone. From the lift on MuJoCo's box turns in the grip about the closing axis
   * (1° by step 47, 9° at the lift's end, 46° in the shake, onto the palm); the trial's stays under 2.3°. The term
   * that parts them is the spin limit about the pads' normal: MuJoCo's one spot has its torsion, (2/3)·μ·10 mm·N,
   * 0.21 N·m for both pads; Rapier's two points resist by their own friction, μ·N·8.1 mm about their centre, 0.26
   * N·m. With the referee's torsion × 1.25 (0.26 N·m) the box turns 2.5° by the lift's end but still 46° in the
   * shake; × 1.5, 24° and held; × 2, 5°. A rubber pad sinking 0.2–0.5 mm would touch such a tilted line over 8–12
   * mm from its deeper end, between the two engines. Measured and not kept: the pads' contacts at 15 ms (MuJoCo
   * mixes two geoms' solref by their mean; the pads' set to 25 ms), sinking 1.2–1.4 mm: MuJoCo then holds
   * pasta-box #21 by two points through the lift (1.9° by step 107), loses one in the shake and turns 42°; seeds
   * 11/12/13 (tuned) 156/158/134 → 153/158/132 = 448 → 443/480, held out 14/15/other objects 142/161/113 →
   * 145/161/111 = 416 → 417/439. The referee's torsion × 1.5 on every grasp: 155/155/133 = 443/480 tuned,
   * 144/156/116 = 416/439 held out (it fixes grasps like pasta-box #21 and breaks others as many).
   *
   * One rubber-patch law in both engines, measured and not kept (protocol 6, lean-linkage labels): each pad's spin
   * arm taken from the geometry, not from either engine's contact points. The pad face sampled every ~1 mm, the
   * object's surface found along the pad's normal (box, cylinder), a rubber layer compressed a stated sink at the
   * deepest sample touching wherever the surface comes within that sink, pressure linear in the compression; the
   * arm is the pressure-weighted mean distance from the patch's centre (2/3 of the radius on a uniform disc). The
   * referee's pad torsion was set to μ × that arm before every step (the object's own 0: MuJoCo mixes by max); the
   * trial's pad-spin.ts topped up to it in place of its 6 mm disc. The law shrinks the patch exactly where the two
   * engines part: pasta-box #21 (seed 14) touches each pad by a corner, the face tilted both ways, and the law's
   * arm is 0.8–1.2 mm through the lift (0.3 mm sink), against the referee's 6.7 mm and the trial's own points'
   * 8.6–9.8 mm rms about their centre. So the law lowers MuJoCo's spin limit there and cannot lower Rapier's (its
   * points' own friction is not the top-up's to take back): the box goes in the lift in MuJoCo (47° by step 96),
   * still held in the trial. At a 0.3 mm sink held out 142/161/113 → 136/149/106 = 416 → 391/439 (seeds 14, 15,
   * the other objects), tuned seed 11 156 → 149/168; seed 14 with the referee's side alone 136, at a 0.5 mm sink
   * 140 (referee alone 139); 114 labelled held of 151 on seed 14 either way. What a real pad would do with such a
   * grasp is what the law says: turn, as MuJoCo has it; the trial agrees only once Rapier's pads stop pushing at
   * both ends of a line 0.8–1.2 mm apart in depth.
   *
   * Rapier's pads touching only within a rubber layer, measured and not kept (protocol 7, lean-linkage labels, the
   * referee as it is): each pad cut into 8 (or 16) boxes along its length (pad-segments.ts), and before every step
   * a segment's solver groups cleared unless the object's deepest contact in it (the last step's separations: a
   * segment that does not push still reports its depth) lay within the sink (0.3 or 0.5 mm) of the deepest
   * segment's; the contacts stay found, only their impulse goes. Cutting the pads is what moves the labels first,
   * and away from MuJoCo: points spread along the line resist spin less (about μ·N·L/4), and grasps both engines
   * hold turn onto the palm in the trial. Seed 14: flat 148/151, 8 segments 141, with a 0.3 mm rubber 141 (0.5 mm
   * 141), 16 segments 142, with 0.3 mm 136; every changed held/not held further from MuJoCo (none → palm 5, none →
   * shake 2). Seed 15: 160/168 → 158 (8 segments) → 157 (0.3 mm); the other objects (seed 12) 115/120 → 109 →
   * 101. Held out 423 → 408 (8 segments) → 399/439 (0.3 mm rubber). The filter adds nothing to the cut on seed 14
   * and loses more elsewhere: a tilted face's far segments stop pushing and the spin limit falls further, while
   * within one segment Rapier still pushes at both ends. Tuned seeds not run: held out fell.
   */
  solref: [0.005, 1],
  /** MuJoCo steps per trial step (the trial's 240 Hz step, so MuJoCo runs at 960 Hz). */
  substeps: 4,
  /** The actuators' damping would be explicit with MuJoCo's default Euler integrator (kv·dt/m ≈ 1.7 on a finger). */
  integrator: 'implicitfast',
  /**
   * Friction's impedance relative to the normal's (MuJoCo's default 1; its docs suggest more for elliptic cones).
   * At 1 MuJoCo's soft friction lets a held object creep in the grip under a load well inside the friction cone,
   * which Coulomb friction does not: pudding-box #19 of bench/verify-agreement.ts's seed 13 (0.2 kg, μ 0.72, 15 N,
   * its weight's moment 0.16 N·m about the pads' axis under half of what its 8 mm patches carry at the lift's peak)
   * turned 12.7° in the pads during the lift and onto the palm (16°) by the end of the shake; the trial held it
   * (2.2 mm slip). At 100 it turns 0.5° by the shake and is held (test/verify/referee-creep.test.ts). Judged by the
   * quasi-static check (apps/verify/quasi-static.ts), the referee was wrong in 8 of the 11 settled disagreements of
   * the largest class (label held → MuJoCo palm contact, seeds 11-14, lean-linkage labels); 100 puts 5 of them
   * right. Over all the grasps statics settles, 6 referee outcomes turn right and 1 wrong (sauce-jar #5, seed 11,
   * now held). Agreement with the labels: seeds 11-13 407/480 → 414/480, seed 14 136/151 → 137/151; on another set
   * (soup-can, tuna-can, gelatin-box, mustard-bottle, chips-can, seed 12) 91/101 → 88/101, its flips unsettled by
   * statics but for one each way. (Measured before on linkage labels and not kept then: 146 → 148/168 and 91 →
   * 88/101; `noslip_iterations` 10 gave 147/168 and 89/101 then; scaling the pads' spin friction,
   * `torsionalFrictionM`, by 0.5, 2 or 3 gave 145, 150, 142/168 and 87, 88, 86/101.)
   */
  impratio: 100,
  /**
   * Several contact points per convex pair (MuJoCo's `multiccd` flag). With one point per pad a gripped can pivots
   * freely about the line through the two pad contacts (condim 3 has no torsional friction) and slid 25 mm out of
   * a grip that held 13.6 N against a 7 N load; pads touch in patches, as Rapier's manifolds have them.
   *
   * A pad as a patch in both engines was measured and not kept. Each pad cut into 10 mm tiles (2 × 5, their union
   * the pad box; contacts judged per finger; condim 4 with each tile's own patch, μ times a 10 mm square's mean
   * radius): on the bench's set (seed 11) agreement fell from 146/168 to 141/168, MuJoCo's tiled pads resisting
   * the object's turn less than its whole box pads (whose box–box contacts sit at the overlap's corners, plus
   * (2/3)·μ·half-width of spin friction). Tiling Rapier's trial pads the same way as well gave 149/168, but changed
   * the labels (84 → 72 labelled successes of 168), and on seed 12 the tiled replay ran MuJoCo's WASM heap out of
   * its 2 GB. Both engines put a rigid patch's force at its corners, which resists spin up to twice what a uniform
   * pressure over the same patch does; tiles remove that from both, and the gap stays at ~11 %.
   */
  multiccd: true,
  /** Newton's method, MuJoCo's default, with its default 100 iterations. */
  solver: 'Newton',
  /**
   * Contact dimensions: normal, two tangents and spin about the normal (the soft-finger contact of rubber pads;
   * `mujoco-scene.ts` sets its limit from the pad's width). With condim 3 a pad touching at one point (a can tilted
   * 4° in the grip touches by its rim) offers no resistance to spin, and a can held 26 mm along its side by 19 N
   * pads at μ 0.73 spun 80° about the pads' axis onto the palm under a 0.08 N·m load; Rapier's pads, touching in
   * manifolds of 2–6 points, held it. Rolling friction stays out.
   */
  condim: 4,
  /** Armature of the palm's slide joints: with its position and velocity written every substep it is kinematic. */
  palmArmature: 1e4,
} as const;
