/** 0 → 1 with zero slope and curvature at both ends (quintic). */
export function smoothstep(s: number): number {
  const t = Math.min(1, Math.max(0, s));
  return t * t * t * (10 - 15 * t + 6 * t * t);
}
