import { Quaternion } from 'three';
import { describe, expect, it } from 'vitest';
import { logLine } from '../../apps/restock/event-lines.ts';
import { KpiTracker } from '../../apps/restock/kpis.ts';
import { HELD, type HeldObject } from '../../skills/arm/held-objects.ts';
import { handStuck } from '../../skills/restock/hand-stuck.ts';
import { stuckHoldsOf } from '../../skills/restock/memory.ts';
import { makePose } from '../../src/math/pose.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import { can, harness, runToEnd, type Harness } from '../skills/helpers/manipulation-harness.ts';

// Every facing's try starts by freeing the hands, so a hand nothing frees was reported stuck once per try (nine
// reports for one bleach bottle on demo seed 9). A stuck hand is one hold: the item, the hand and the grasp. The
// KPI counts it once; each later try still logs a line saying the hand is still stuck.

function holdCan(h: Harness, armName: string): HeldObject {
  const hold: HeldObject = {
    objectId: 'can-1',
    armName,
    effector: 'gripper',
    objectInTool: makePose(),
    payloadN: 3.4,
    restQuaternion: new Quaternion(),
  };
  h.ctx.blackboard.set(HELD.of('can-1'), hold);
  return hold;
}

function withBus(): { h: Harness; events: TelemetryEvent[]; kpis: KpiTracker } {
  const base = harness({ objects: [can()] });
  const bus = new TelemetryBus(() => 0);
  const events: TelemetryEvent[] = [];
  const kpis = new KpiTracker();
  bus.events$.subscribe((e) => {
    events.push(e);
    kpis.apply(e);
  });
  return { h: { ...base, ctx: { ...base.ctx, telemetry: bus } }, events, kpis };
}

describe('handStuck: one report per stuck hold', () => {
  it('counts three tries with the same hold once, and logs a line for each try', () => {
    const { h, events, kpis } = withBus();
    holdCan(h, 'right');
    const runs = [1, 2, 3].map(() => runToEnd(handStuck({ object: 'can-1' }), h));
    for (const run of runs) expect(run.outcome.failure?.reason).toBe('blocked');
    expect(runs.map((r) => Object.keys(r.events[0]?.data ?? {})[0])).toEqual(['handStuck', 'stillStuck', 'stillStuck']);
    expect(kpis.snapshot().handsStuck).toBe(1);
    expect(stuckHoldsOf(h.ctx.world)).toHaveLength(1);
    const lines = events.filter((e) => e.kind === 'progress').map((e) => logLine(e)?.text);
    expect(lines).toEqual([
      expect.stringMatching(/^HAND STUCK: arm right still holds 'can-1'/),
      expect.stringMatching(/^hand still stuck: arm right still holds 'can-1' \(reported stuck\)/),
      expect.stringMatching(/^hand still stuck: /),
    ]);
  });

  it('counts a new hold of the same item (another grasp, or the other hand) as another stuck hand', () => {
    const { h, kpis } = withBus();
    holdCan(h, 'right');
    runToEnd(handStuck({ object: 'can-1' }), h);
    runToEnd(handStuck({ object: 'can-1' }), h);
    expect(kpis.snapshot().handsStuck).toBe(1);
    // Freed and grasped again: a new grasp records its own rest orientation.
    holdCan(h, 'right');
    runToEnd(handStuck({ object: 'can-1' }), h);
    expect(kpis.snapshot().handsStuck).toBe(2);
    holdCan(h, 'left');
    runToEnd(handStuck({ object: 'can-1' }), h);
    runToEnd(handStuck({ object: 'can-1' }), h);
    expect(kpis.snapshot().handsStuck).toBe(3);
  });
});
