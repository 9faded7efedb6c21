import { expect } from 'vitest';
import type { StoreSession } from '../../apps/restock/store-session.ts';
import type { Arm } from '../../hardware/arm.ts';
import { basePose2D } from '../../skills/arm/robot-frames.ts';
import { isFolded, tuckIdleArms$ } from '../../skills/reach/tuck-idle-arms.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import type { ContextBase } from '../../src/skill/context.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';

/** What a tuck of the idle arms sent and how it ended. */
export interface TuckRun {
  readonly events: TelemetryEvent[];
  readonly failure: SkillFailure | undefined;
}

/** The torso lift and the left (suction) arm folded, as both built trap states have them beside the trapped right arm. */
export const LIFT_AND_LEFT_FOLDED: Readonly<Record<string, number>> = {
  torso_lift_joint: 0.25,
  left_shoulder_pan_joint: -0.45,
  left_shoulder_lift_joint: 1.45,
  left_upperarm_roll_joint: 0.45,
  left_elbow_flex_joint: -2.3,
  left_forearm_roll_joint: 0.15,
  left_wrist_flex_joint: -0.3,
  left_wrist_roll_joint: 0,
};

export const progressOf = (events: readonly TelemetryEvent[]) => events.filter((e) => e.kind === 'progress');

/** Runs the tuck of the idle arms to its end in sim time, in the context `contextFor` builds around its telemetry. */
export function runTuck(store: StoreSession, contextFor: (bus: TelemetryBus) => ContextBase): TuckRun {
  const bus = new TelemetryBus(() => 0);
  const events: TelemetryEvent[] = [];
  bus.events$.subscribe((e) => events.push(e));
  const outcome: { done: boolean; failure?: SkillFailure } = { done: false };
  runSkill(
    fromObservable('tuck', (c) => tuckIdleArms$(c)),
    contextFor(bus),
  ).subscribe({
    error: (e: unknown) => Object.assign(outcome, { done: true, failure: toSkillFailure(e) }),
    complete: () => (outcome.done = true),
  });
  store.simulation.sim.runUntil(() => outcome.done, 60_000);
  return { events, failure: outcome.failure };
}

/**
 * Runs `tuck` and checks that the arm took a planned way in around what blocked its fold and ended folded, with no
 * trap reported, the base within 5 mm of where it stood and each of `itemIds` within 5 mm of where it was.
 */
export function expectPlannedWayIn(store: StoreSession, arm: Arm, itemIds: readonly string[], tuck: () => TuckRun) {
  const base = basePose2D(store.robot)!;
  const before = new Map(itemIds.map((id) => [id, store.world.object(id)!.poseInWorld.position.clone()]));
  const run = tuck();
  expect(run.failure).toBeUndefined();
  expect(progressOf(run.events).map((e) => e.message)).toContain('planned a way in around what blocks the fold');
  expect(progressOf(run.events).some((e) => e.data?.['trapped'] !== undefined)).toBe(false);
  expect(isFolded(store.robot, arm)).toBe(true);
  const after = basePose2D(store.robot)!;
  expect(Math.hypot(after.x - base.x, after.y - base.y)).toBeLessThan(0.005);
  for (const [id, at] of before)
    expect(store.world.object(id)!.poseInWorld.position.distanceTo(at)).toBeLessThan(0.005);
}
