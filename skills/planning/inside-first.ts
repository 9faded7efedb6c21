/**
 * The picks of one stand-off in the order the planner tries them: the first whose carry holds the load inside the
 * base's footprint, then the first one that holds it past the footprint (set aside when it came first), so a
 * set-aside pick is still tried when the inside pick's later stages (the place) fail. Navigation keeps the
 * footprint clear, not the load (`CarryPosture.beyondFootprintM`), so an inside carry is preferred, never required.
 * `picks` is lazy: nothing past the first inside pick is computed.
 */
export function* insideFirst<T>(picks: Iterable<T>, holdsOutside: (pick: T) => boolean): Generator<T> {
  let setAside: { readonly pick: T } | undefined;
  for (const pick of picks) {
    if (holdsOutside(pick)) {
      setAside ??= { pick };
      continue;
    }
    yield pick;
    break;
  }
  if (setAside) yield setAside.pick;
}
