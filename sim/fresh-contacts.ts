import type { ColliderDesc, Rapier, World } from './rapier.ts';

// Rapier 0.35 (rapier.js 0.20 and up) recycles a contact pair: while the pair's relative pose has drifted less than
// its recycle distance (0.05 × the length unit, 5 cm in our metres) and neither body has turned more than about 11°
// since the pair's last full update, the narrow phase keeps the old manifold (its points, normal and separations)
// instead of finding the contact again. For a gripper's pads that is the whole grasp: in a trial of a 0.6 kg can
// (bench/verify-agreement.ts, seed 12, can-500ml #6) the pad manifolds were found once, 3 steps into closing with
// the pads still 1–4 mm off, and never again: the solver pushed along a normal 6° off the can's real one, at a
// separation 2 mm off, and the can pivoted 1.4° about the line between the two stale points and crept 1.5 mm onto
// the palm (statics and MuJoCo: it holds still). Pairs with a contact-filter hook are never recycled, so colliders
// whose contacts must follow the geometry every step carry the hook; it lets every contact through.

/** Marks a collider so that its contacts are found afresh every step (never recycled). */
export function keepContactsFresh(rapier: Rapier, desc: ColliderDesc): ColliderDesc {
  return desc.setActiveHooks(rapier.ActiveHooks.FILTER_CONTACT_PAIRS);
}

/** The hooks a world stepped with an event queue must pass (`world.step(events, hooks)`) once it has fresh colliders. */
export type ContactHooks = NonNullable<Parameters<World['step']>[1]>;

/**
 * Hooks that let every contact through, as a world stepped without hooks does: a world stepped with an event queue
 * calls the filter of every pair with a fresh collider and throws without one. Solver groups still apply after it.
 */
export function freshContactHooks(rapier: Rapier): ContactHooks {
  const all = rapier.SolverFlags.COMPUTE_IMPULSE;
  return { filterContactPair: () => all, filterIntersectionPair: () => true };
}
