import type { Collider, RigidBody, World } from '../rapier.ts';

// How far a held load moves in the hand while a parallel jaw holds it (issues 11, 13): the robot's gripper
// (sim-gripper.ts) measures every hold from the squeeze settling on a load to the release, so the demo can report
// how well its hands keep what they carry.

/** One hold's slide: the load's displacement relative to the hand from where the squeeze settled on it. */
export interface HoldSlide {
  /** The hand (gripper name) and the load (its object id, or `body <handle>` for an unnamed body). */
  readonly hand: string;
  readonly item: string;
  /** Sim time the hold started (the squeeze settled on the load) and ended (the fingers were sent to move), ms. */
  readonly startMs: number;
  readonly endMs: number;
  /** Largest displacement of the load's origin in the hand's frame over the hold, and at its end, m. */
  readonly maxM: number;
  readonly releaseM: number;
}

/** An open hold, as plain data (saved with the gripper's state). */
export interface OpenHold {
  readonly body: number;
  readonly item: string;
  readonly startMs: number;
  /** The load's origin in the hand's frame when the hold started, m. */
  readonly startInHand: readonly [number, number, number];
  maxM: number;
  lastM: number;
}

/** The load's origin in the hand's frame, m. */
export function loadInHand(hand: RigidBody, load: RigidBody): [number, number, number] {
  const h = hand.translation();
  const q = hand.rotation();
  const p = load.translation();
  const d = [p.x - h.x, p.y - h.y, p.z - h.z] as const;
  // Rotate d by the hand's inverse rotation (conjugate quaternion).
  const [x, y, z, w] = [-q.x, -q.y, -q.z, q.w];
  const tx = 2 * (y * d[2] - z * d[1]);
  const ty = 2 * (z * d[0] - x * d[2]);
  const tz = 2 * (x * d[1] - y * d[0]);
  return [d[0] + w * tx + (y * tz - z * ty), d[1] + w * ty + (z * tx - x * tz), d[2] + w * tz + (x * ty - y * tx)];
}

/** Whether any of the pads (`pads`: collider handles) pushes on `body` after the last step. */
export function padsTouch(world: World, pads: readonly (readonly number[])[], body: number): boolean {
  let touching = false;
  const pushes = (m: { numContacts(): number; contactImpulse(i: number): number }): void => {
    for (let c = 0; c < m.numContacts(); c++) if (m.contactImpulse(c) > 1e-9) touching = true;
  };
  for (const finger of pads)
    for (const handle of finger) {
      const pad = world.getCollider(handle);
      world.contactPairsWith(pad, (other: Collider) => {
        if (!touching && other.parent()?.handle === body) world.contactPair(pad, other, pushes);
      });
      if (touching) return true;
    }
  return false;
}

/**
 * Follows one hand's holds step by step: `sample` with the body both pads press (−1 for none) while the squeeze
 * has settled, `end` when the fingers are sent to move. A hold begins on the first settled step with one body
 * between both pads and lasts until the release. Only steps on which a pad still pushes on the load count: a
 * load that slid out of the pads reads as far as it went while touching them, and one a person took out of a
 * stuck hand is not read as a slide. Only loads count: fingers closed on a part of the robot (the other hand, in
 * the 24 h soak) are no hold.
 */
export class HoldSlideTracker {
  open: OpenHold | null = null;

  constructor(
    private readonly hand: string,
    /** The load's name, or undefined for a body that is not a load (another hand, a link of the robot). */
    private readonly nameOf: (body: number) => string | undefined,
  ) {}

  /** One settled step of the squeeze; `held` is the body both pads touch, or −1; `touches`: a pad pushes on it. */
  sample(world: World, handBody: RigidBody, held: number, nowMs: number, touches: (body: number) => boolean): void {
    if (this.open === null) {
      if (held < 0) return;
      const item = this.nameOf(held);
      if (item === undefined) return;
      const start = loadInHand(handBody, world.getRigidBody(held));
      this.open = { body: held, item, startMs: nowMs, startInHand: start, maxM: 0, lastM: 0 };
      return;
    }
    const load = world.getRigidBody(this.open.body);
    // A load out of the pads or removed from the world (a person's take) keeps its last reading.
    if (load === null || load === undefined || !touches(this.open.body)) return;
    const [x, y, z] = loadInHand(handBody, load);
    const [x0, y0, z0] = this.open.startInHand;
    const m = Math.hypot(x - x0, y - y0, z - z0);
    this.open.lastM = m;
    this.open.maxM = Math.max(this.open.maxM, m);
  }

  /** Ends the open hold (the fingers were sent to move), if any, and returns it. */
  end(nowMs: number): HoldSlide | undefined {
    const o = this.open;
    if (o === null) return undefined;
    this.open = null;
    return { hand: this.hand, item: o.item, startMs: o.startMs, endMs: nowMs, maxM: o.maxM, releaseM: o.lastM };
  }
}
