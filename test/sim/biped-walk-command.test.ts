import { EMPTY } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HardwareFault } from '../../hardware/common.ts';
import type { Lift } from '../../hardware/lift.ts';
import { walkCommand, type WalkHost, type WalkSchedule } from '../../sim/biped/walk-command.ts';
import type { PlannedStep, WalkPlan } from '../../src/locomotion/walk-plan.ts';

// Store round seed 2: the biped, squatting at 0.5 m by a low slot, was asked to walk 0.14 m. The stand-up height was
// judged with the body as it stood in the squat; once up there the walk was planned again from the body as it then
// stood, a sole was out of reach at t = 5.6 s, and the walk was refused ("the right leg cannot reach its sole").

/** A base whose legs can walk from `walkableFromM` up, and which judges its first stand-up too low (`firstGuessM`). */
function squattingBase(walkableFromM: number, firstGuessM: number, topM = 0.93) {
  const state = { heightM: 0.5, rises: [] as number[] };
  const plan = { samples: [{}, {}, {}, {}] } as unknown as WalkPlan;
  const schedule: WalkSchedule = { walk: undefined, queued: [] };
  const lift: Lift = {
    jointName: 'pelvis_height_joint',
    heightRangeM: [0.5, topM],
    maxSpeedMps: 0.12,
    height$: EMPTY,
    moveTo: (heightM) => {
      state.rises.push(heightM);
      state.heightM = heightM;
      return { applied: heightM, execution$: EMPTY };
    },
    stop: () => undefined,
  };
  const host: WalkHost = {
    schedule: () => schedule,
    planChecked: () => {
      if (state.heightM < walkableFromM)
        throw new HardwareFault('rejected', 'base', 'the right leg cannot reach its sole at t = 5.60 s of the walk');
      return plan;
    },
    standUpHeightFor: () => {
      if (state.heightM >= walkableFromM) return undefined;
      // In the squat the height is judged with the squat's CoM; standing, with the body as it then stands.
      const next = state.heightM === 0.5 ? firstGuessM : state.heightM + 0.05;
      if (next > topM + 1e-9) throw new HardwareFault('rejected', 'base', 'cannot walk at every pelvis height');
      return next;
    },
    lift,
  };
  return { state, plan, schedule, host };
}

const STEPS = [] as PlannedStep[];

describe('a walk asked for in a deep squat (sim/biped/walk-command.ts)', () => {
  it('stands up further when, stood up to the height judged in the squat, the legs still cannot walk it', () => {
    const base = squattingBase(0.75, 0.7);
    const walk = walkCommand(() => STEPS, base.host);
    expect(walk.start()).toBeUndefined();
    const polls = [walk.poll(), walk.poll(), walk.poll()];
    expect(polls.filter((p) => p instanceof HardwareFault)).toEqual([]);
    expect(base.state.rises).toEqual([0.7, 0.75]);
    expect(base.schedule.walk?.plan).toBe(base.plan);
  });

  it('is refused, naming why, when no height up to the top of the lift lets the legs walk it', () => {
    const base = squattingBase(2, 0.85);
    const walk = walkCommand(() => STEPS, base.host);
    walk.start();
    const polls = [walk.poll(), walk.poll(), walk.poll(), walk.poll()];
    const fault = polls.find((p) => p instanceof HardwareFault);
    expect(fault?.message).toMatch(/cannot walk at every pelvis height/);
    expect(base.state.rises).toEqual([0.85, 0.9]);
    expect(base.schedule.walk).toBeUndefined();
  });
});
