import { describe, expect, it } from 'vitest';
import { classesToTry, type HoldClass } from '../../../skills/planning/hold-classes.ts';

/** Classes by key only: `classesToTry` reads nothing else. */
const classes = (...keys: string[]): HoldClass[] => keys.map((key) => ({ key, choices: [] }));

// The four best classes of a 1 l carton take it from the top; its side grasps come after.
const CARTON = classes(
  'right gripper a0.0,0.0,-1.0 c1.0,0.0,0.0',
  'right gripper a0.0,0.0,-1.0 c0.0,1.0,0.0',
  'left suction a0.0,0.0,-1.0 c1.0,0.0,0.0',
  'left suction a0.0,0.0,-1.0 c0.0,1.0,0.0',
  'right gripper a1.0,0.0,0.0 c0.0,1.0,0.0',
  'right gripper a1.0,0.0,0.0 c0.0,0.0,1.0',
  'right gripper a0.0,1.0,0.0 c1.0,0.0,0.0',
  'left suction a1.0,0.0,0.0 c0.0,0.0,1.0',
);

describe('classesToTry: the hold classes a plan tries', () => {
  it('stops at the first `max` once a chain is found', () => {
    const keys = [...classesToTry(CARTON, 4, () => true)].map((c) => c.key);
    expect(keys).toEqual(CARTON.slice(0, 4).map((c) => c.key));
  });

  it('goes on while nothing is found, one class per approach not yet tried, at most `max` more', () => {
    const keys = [...classesToTry(CARTON, 4, () => false)].map((c) => c.key);
    expect(keys).toEqual([
      ...CARTON.slice(0, 4).map((c) => c.key),
      'right gripper a1.0,0.0,0.0 c0.0,1.0,0.0',
      // a1.0,0.0,0.0 closing along z: the same approach as the one before, left out.
      'right gripper a0.0,1.0,0.0 c1.0,0.0,0.0',
      'left suction a1.0,0.0,0.0 c0.0,0.0,1.0',
    ]);
    expect([...classesToTry(CARTON, 2, () => false)]).toHaveLength(4);
  });

  it('stops going on as soon as a chain is found', () => {
    let found = false;
    const tried: string[] = [];
    for (const cls of classesToTry(CARTON, 4, () => found)) {
      tried.push(cls.key);
      if (tried.length === 5) found = true;
    }
    expect(tried).toHaveLength(5);
  });
});
