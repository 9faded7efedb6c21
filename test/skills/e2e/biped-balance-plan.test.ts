import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostureBalance } from '../../../hardware/posture-balance.ts';
import type { PickPlacePlan } from '../../../skills/planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { SkillFailure } from '../../../src/skill/failure.ts';
import type { SkillContext } from '../../../src/skill/context.ts';
import { simHarness, type SimHarness } from './sim-harness.ts';

const REQUEST = { object: 'box-1', target: 'target/a', effector: 'auto' } as const;

/** A posture the planner asked the base about, and the margin it was told. */
interface Judged {
  readonly joints: Readonly<Record<string, number>>;
  readonly marginM: number;
}

/**
 * The harness's planning scene with the biped's base declaring `requiredMarginM` (its own static balance judging
 * the postures), recording every posture the planner asks about: what a stricter (or more lenient) biped declares.
 */
function declaring(h: SimHarness, requiredMarginM: number): { scene: Omit<SkillContext, 'node'>; judged: Judged[] } {
  const robot = h.ctx.robot;
  const real = robot.parts.base!.postureBalance!;
  const judged: Judged[] = [];
  const postureBalance: PostureBalance = {
    requiredMarginM,
    marginM: (joints, loads) => {
      const marginM = real.marginM(joints, loads);
      judged.push({ joints: { ...joints }, marginM });
      return marginM;
    },
  };
  const base = new Proxy(robot.parts.base!, {
    get: (target, key) => (key === 'postureBalance' ? postureBalance : Reflect.get(target, key)),
  });
  return { scene: { ...h.ctx, robot: { ...robot, parts: { ...robot.parts, base } } }, judged };
}

/** The margins the planner was told for the place postures of `plan` (the arm's joints and the place's lift). */
function placeMargins(h: SimHarness, plan: PickPlacePlan, judged: readonly Judged[]): number[] {
  const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
  const lift = h.ctx.robot.parts.lift!.jointName;
  return plan.place.plan.joints.map((q) => {
    const asked = judged.filter(
      (j) =>
        j.joints[lift] === plan.place.standOff.liftHeightM &&
        arm.jointNames.every((name, i) => Math.abs(j.joints[name]! - q[i]!) < 1e-12),
    );
    expect(asked.length).toBeGreaterThan(0);
    return Math.min(...asked.map((j) => j.marginM));
  });
}

describe("the pick-and-place planner reads the biped's declared posture balance (sim tabletop, seed 1)", () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness('biped-tabletop.yaml', 'biped', 1);
  });
  afterAll(() => h.simulation.free());

  it('plans only postures the base would not refuse, and another lift when the base declares a stricter margin', () => {
    const own = h.ctx.robot.parts.base!.postureBalance!.requiredMarginM;
    const usual = declaring(h, own);
    const plan = solvePickAndPlace(usual.scene, REQUEST);
    const usualMargins = placeMargins(h, plan, usual.judged);
    expect(Math.min(...usualMargins)).toBeGreaterThanOrEqual(own);
    // A biped that needs 2 mm more than that place's worst posture leaves would refuse it: the planner finds a
    // place it would not refuse instead of failing when the robot gets there.
    const strictM = Math.min(...usualMargins) + 0.002;
    const strict = declaring(h, strictM);
    const careful = solvePickAndPlace(strict.scene, REQUEST);
    expect(Math.min(...placeMargins(h, careful, strict.judged))).toBeGreaterThanOrEqual(strictM);
    expect(careful.place.standOff).not.toEqual(plan.place.standOff);
  }, 60_000);

  it('says the robot would tip when no posture meets the declared margin, rather than planning one it refuses', () => {
    const impossible = declaring(h, 0.2);
    let failure: unknown;
    try {
      solvePickAndPlace(impossible.scene, REQUEST);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SkillFailure);
    expect((failure as SkillFailure).reason).toBe('unreachable');
    const rejected = ((failure as SkillFailure).detail as { rejected: { reason: string }[] }).rejected;
    expect(rejected.some((r) => /balance: a posture puts the static CoM .* \(200 mm needed\)/.test(r.reason))).toBe(
      true,
    );
  }, 60_000);
});
