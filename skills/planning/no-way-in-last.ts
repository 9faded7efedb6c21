/**
 * `tries` in order, but the later tries of a stand-off in `noWayIn` (filled by the caller as it tries them: one of
 * its lifts held the hand at a shelf slot's spot at every heading but found no way in) come after all the others,
 * in their order. Such a base pose found no way in at its other lifts either, by the retail aisle's low slots: a
 * can into both aisles' level-1 slot-6 (14 base poses: no pre-place clear of both the board above and the robot)
 * and level-2 slots 5 and 6 (11: no way in and down in reach and clear of the shelf). Those lifts, each solved at
 * every heading and distance out, were 42 % of the IK solves of a level-1 pick-and-place. Nothing is left out,
 * only put later: a place that works only at such a lift is still found, after the rest.
 */
export function* noWayInLast<T extends { readonly standOffIndex?: number }>(
  tries: Iterable<T>,
  noWayIn: ReadonlySet<number | undefined>,
): Generator<T> {
  const deferred: T[] = [];
  for (const at of tries) {
    if (at.standOffIndex !== undefined && noWayIn.has(at.standOffIndex)) deferred.push(at);
    else yield at;
  }
  yield* deferred;
}
