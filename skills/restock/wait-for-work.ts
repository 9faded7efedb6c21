import { concatMap, distinctUntilChanged, map, takeWhile, timer } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { isFolded } from '../reach/tuck-idle-arms.ts';
import { describePlan, planRestock, type RestockPlan } from './gaps.ts';

/** Input of `waitForWork`. */
export const WaitForWorkInput = z.strictObject({
  stock: z.string().min(1).default('stock-tote'),
  /** How often the shelves are scanned while waiting, ms of sim time. */
  pollMs: z.number().positive().default(2000),
  /**
   * Waiting this long for stock that does not come is a stall the robot reports, ms of sim time: the tote is
   * swapped within seconds of a need while the robot's hands are folded in or clear of it.
   */
  stallAfterMs: z.number().positive().default(600_000),
});

/**
 * Waits, scanning every `pollMs`, until some empty facing can be restocked (its product in stock, not cooling
 * down): the idle state of continuous restocking. Moves nothing, so cancelling it has nothing to halt. When facings
 * have awaited stock for `stallAfterMs` with none coming, says once, loudly, that it can no longer work and why as
 * far as it knows (an arm that stands out: staff swap the tote only while the hands are folded in or clear of it):
 * a progress event with `stalled` in its data, which the KPIs count. Soak seed 1 from about 3 h waited silently
 * for hours with an arm out over the tote.
 */
export const waitForWork = defineSkill({
  name: 'waitForWork',
  description: 'wait until an empty facing can be restocked (product in stock)',
  input: WaitForWorkInput,
  run: ({ stock, pollMs, stallAfterMs }, ctx) => {
    let awaitingSinceMs: number | undefined;
    let reported = false;
    return timer(0, pollMs, ctx.scheduler).pipe(
      map(() => planRestock(ctx.world, stock, ctx.scheduler.now())),
      takeWhile((plan) => plan.toRestock.length === 0),
      concatMap((plan): ProgressUpdate[] => {
        const now = ctx.scheduler.now();
        awaitingSinceMs = plan.awaitingStock.length === 0 ? undefined : (awaitingSinceMs ?? now);
        const waitedMs = awaitingSinceMs === undefined ? 0 : now - awaitingSinceMs;
        if (reported || waitedMs < stallAfterMs) return [describePlan(plan)];
        reported = true;
        return [describePlan(plan), stall(ctx, plan, waitedMs)];
      }),
      distinctUntilChanged((a, b) => a.message === b.message),
    );
  },
});

/** The robot's report that it can no longer work: what it waits for, for how long, and the arms it has out. */
function stall(ctx: SkillContext, plan: RestockPlan, waitedMs: number): ProgressUpdate {
  const out = ctx.robot.parts.arms.filter((arm) => !isFolded(ctx.robot, arm)).map((arm) => arm.name);
  const why =
    out.length === 0
      ? 'the tote has not been swapped'
      : `arm ${out.join(' and ')} stands out, and staff swap the tote only while the hands are folded in or clear of it`;
  return {
    message:
      `no work can come: ${plan.awaitingStock.length} facing(s) have awaited stock for ` +
      `${(waitedMs / 60_000).toFixed(0)} min and ${why}; the robot stalls until a person looks`,
    data: { stalled: out.join(',') || 'tote', awaitingStock: plan.awaitingStock.length, waitedMs, armsOut: out },
  };
}
