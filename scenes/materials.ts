import type { ResolvedMaterial } from './schema.ts';

/** Materials every scene may name without declaring them; a scene's own `materials` override these. */
export const BUILTIN_MATERIALS: Readonly<Record<string, ResolvedMaterial>> = {
  default: { friction: 0.6, restitution: 0 },
  floor: { friction: 0.8, restitution: 0 },
  wood: { friction: 0.5, restitution: 0.1, densityKgM3: 600 },
  steel: { friction: 0.4, restitution: 0.05, densityKgM3: 7850 },
  aluminium: { friction: 0.4, restitution: 0.05, densityKgM3: 2700 },
  plastic: { friction: 0.45, restitution: 0.1, densityKgM3: 950 },
  pet: { friction: 0.35, restitution: 0.1, densityKgM3: 1380 },
  glass: { friction: 0.3, restitution: 0.05, densityKgM3: 2500 },
  cardboard: { friction: 0.55, restitution: 0.05, densityKgM3: 300 },
  foil: { friction: 0.8, restitution: 0 },
  rubber: { friction: 1.0, restitution: 0.3, densityKgM3: 1100 },
};

/** The material a fixture gets when it names none. */
export const DEFAULT_FIXTURE_MATERIAL: Readonly<Record<string, string>> = {
  floor: 'floor',
  table: 'wood',
  shelf: 'steel',
  tote: 'plastic',
  bin: 'plastic',
  wall: 'default',
  box: 'default',
};
