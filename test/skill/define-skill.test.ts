import { ignoreElements, timer, concat, of, NEVER, finalize } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { seededRandom } from '../../src/math/random.ts';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';

const hold = defineSkill({
  name: 'hold',
  input: z.object({ ms: z.number().positive(), label: z.string().default('x') }),
  run: ({ ms, label }, ctx) =>
    concat(of({ message: `holding ${label}` }), timer(ms, ctx.scheduler).pipe(ignoreElements())),
});

function setup() {
  const scheduler = new SimScheduler();
  const bus = new TelemetryBus(() => 0);
  const events: TelemetryEvent[] = [];
  bus.events$.subscribe((e) => events.push(e));
  const base = {
    robot: createScriptedRobot(scheduler),
    world: new InMemoryWorldModel(),
    scheduler,
    random: seededRandom(3),
    telemetry: bus,
  };
  return { scheduler, events, base };
}

describe('defineSkill', () => {
  it('validates input once, at construction, with an invalid-input failure naming the field', () => {
    expect(() => hold({ ms: -1 })).toThrowError(SkillFailure);
    try {
      hold({ ms: -1 });
    } catch (error) {
      expect((error as SkillFailure).reason).toBe('invalid-input');
      expect((error as SkillFailure).message).toMatch(/^hold: ms: /);
    }
    expect(hold({ ms: 5 }).params).toEqual({ ms: 5, label: 'x' });
  });

  it('is cold: nothing runs until subscribed; completes after its sim time', () => {
    const { scheduler, events, base } = setup();
    const run$ = runSkill(hold({ ms: 50 }), base);
    scheduler.advanceTo(100);
    expect(events).toEqual([]);
    let done = false;
    run$.subscribe({ complete: () => (done = true) });
    scheduler.advanceTo(149);
    expect(done).toBe(false);
    scheduler.advanceTo(150);
    expect(done).toBe(true);
    expect(events.map((e) => [e.kind, e.simTimeMs, e.nodeId, e.path])).toEqual([
      ['start', 100, '0', 'hold'],
      ['progress', 100, '0', 'hold'],
      ['succeeded', 150, '0', 'hold'],
    ]);
  });

  it('stamps the failing node path and reports cancellation when unsubscribed', () => {
    const boom = defineSkill({
      name: 'boom',
      input: z.object({}),
      run: () => {
        throw new SkillFailure('collision', 'arm hit the shelf');
      },
    });
    const { events, base } = setup();
    let failure: SkillFailure | undefined;
    runSkill(boom({}), base).subscribe({ error: (e: SkillFailure) => (failure = e) });
    expect(failure?.reason).toBe('collision');
    expect(failure?.path).toBe('boom');
    expect(failure?.describe()).toBe('collision at boom: arm hit the shelf');

    let halts = 0;
    const forever = defineSkill({
      name: 'forever',
      input: z.object({}),
      run: () => NEVER.pipe(finalize(() => (halts += 1))),
    });
    const sub = runSkill(forever({}), base).subscribe();
    sub.unsubscribe();
    sub.unsubscribe(); // a second unsubscribe halts nothing twice
    expect(halts).toBe(1);
    expect(events.at(-1)?.kind).toBe('cancelled');
  });

  it('wraps a foreign error as an internal-error failure that keeps the error as its cause, with its stack', () => {
    const thrown = new TypeError('oops');
    const bad = defineSkill({
      name: 'bad',
      input: z.object({}),
      run: () => {
        throw thrown;
      },
    });
    const { base } = setup();
    let failure: SkillFailure | undefined;
    runSkill(bad({}), base).subscribe({ error: (e: SkillFailure) => (failure = e) });
    expect(failure).toBeInstanceOf(SkillFailure);
    expect(failure?.reason).toBe('internal-error');
    expect(failure?.message).toBe('TypeError: oops');
    expect(failure?.path).toBe('bad');
    expect(failure?.cause).toBe(thrown);
    expect(failure?.stack).toBe(thrown.stack);
  });
});
