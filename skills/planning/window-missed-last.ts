/**
 * `tries` in order, but the later tries of a stand-off in `windowMissed` (filled by the caller as it tries them)
 * come after all the others, in their order. Before a low slot, a base pose where a lift found no pre-place clear
 * of both the board above and the robot missed the window at its other lifts too (all 14 such base poses of a can
 * planned into the retail aisle's two level-1 slots, aisle-a and aisle-b slot-6): those lifts, each solved at every
 * heading and distance out, were 42 % of the IK solves of such a pick-and-place. Nothing is left out, only put
 * later: a place that works only at such a lift is still found, after the rest.
 */
export function* windowMissedLast<T extends { readonly standOffIndex?: number }>(
  tries: Iterable<T>,
  windowMissed: ReadonlySet<number | undefined>,
): Generator<T> {
  const deferred: T[] = [];
  for (const at of tries) {
    if (at.standOffIndex !== undefined && windowMissed.has(at.standOffIndex)) deferred.push(at);
    else yield at;
  }
  yield* deferred;
}
