import { describe, expect, it } from 'vitest';
import { insideFirst } from '../../../skills/planning/inside-first.ts';

// findPicks (pick-chain.ts) sets a pick whose carry holds the load past the footprint aside while a later choice of
// the same stand-off holds it inside. Before `insideFirst`, taking the inside pick cleared the set-aside one: when
// the inside pick's place then failed, the search went on to the next stand-off and never tried it.

interface Pick {
  readonly label: string;
  readonly outside: boolean;
}

/** The picks of one stand-off, computed lazily; `computed` records which were. */
function lazyPicks(picks: readonly Pick[], computed: string[]): Generator<Pick> {
  return (function* () {
    for (const pick of picks) {
      computed.push(pick.label);
      yield pick;
    }
  })();
}

describe('insideFirst: the order of one stand-off’s picks', () => {
  it('tries the set-aside outside pick when the inside pick is turned down later', () => {
    const computed: string[] = [];
    const order = insideFirst(
      lazyPicks(
        [
          { label: 'side', outside: true },
          { label: 'top', outside: false },
          { label: 'front', outside: false },
        ],
        computed,
      ),
      (p) => p.outside,
    );
    expect(order.next().value?.label).toBe('top');
    // The place from 'top' failed: the planner asks for the next pick of this stand-off.
    expect(order.next().value?.label).toBe('side');
    expect(order.next().done).toBe(true);
    // Nothing past the first inside pick is computed.
    expect(computed).toEqual(['side', 'top']);
  });

  it('yields the first outside pick when no inside one is found, and nothing when there is none', () => {
    const outsideOnly = [
      ...insideFirst(
        lazyPicks(
          [
            { label: 'a', outside: true },
            { label: 'b', outside: true },
          ],
          [],
        ),
        (p) => p.outside,
      ),
    ];
    expect(outsideOnly.map((p) => p.label)).toEqual(['a']);
    expect([...insideFirst(lazyPicks([], []), (p: Pick) => p.outside)]).toEqual([]);
  });

  it('yields an inside pick that comes first alone', () => {
    const computed: string[] = [];
    const order = [
      ...insideFirst(
        lazyPicks(
          [
            { label: 'top', outside: false },
            { label: 'side', outside: true },
          ],
          computed,
        ),
        (p) => p.outside,
      ),
    ];
    expect(order.map((p) => p.label)).toEqual(['top']);
    expect(computed).toEqual(['top']);
  });
});
