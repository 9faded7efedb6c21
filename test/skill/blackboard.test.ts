import { defer, EMPTY, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { seededRandom } from '../../src/math/random.ts';
import { Blackboard, keyFamily } from '../../src/skill/blackboard.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';

const NOTE = keyFamily<{ text: string; secret: number }>('note', (n) => ({ text: n.text }));

const write = defineSkill({
  name: 'write',
  input: z.strictObject({ id: z.string(), text: z.string() }),
  ports: ({ id }) => ({ outputs: [NOTE.of(id).name] }),
  run: ({ id, text }, ctx) =>
    defer(() => {
      ctx.blackboard.set(NOTE.of(id), { text, secret: 42 });
      return EMPTY;
    }),
});

const read = defineSkill({
  name: 'read',
  input: z.strictObject({ id: z.string() }),
  ports: ({ id }) => ({ inputs: [NOTE.of(id).name] }),
  run: ({ id }, ctx) => defer(() => of({ message: `read ${ctx.blackboard.get(NOTE.of(id))?.text ?? 'nothing'}` })),
});

/** Reads a key its ports do not declare: a bug in the skill. */
const snoop = defineSkill({
  name: 'snoop',
  input: z.strictObject({}),
  run: (_input, ctx) => defer(() => of({ message: `saw ${ctx.blackboard.get(NOTE.of('a'))?.text ?? 'nothing'}` })),
});

function setup(blackboard = new Blackboard()) {
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
    blackboard,
  };
  return { events, base, blackboard };
}

describe('blackboard and ports', () => {
  it('hands data from one leaf to the next, and shows ports and writes in the trace', () => {
    const { events, base, blackboard } = setup();
    let failure: SkillFailure | undefined;
    runSkill(sequence({ name: 'flow' }, write({ id: 'a', text: 'hello' }), read({ id: 'a' })), base).subscribe({
      error: (e: unknown) => (failure = toSkillFailure(e)),
    });
    expect(failure).toBeUndefined();
    expect(blackboard.keys()).toEqual(['note/a']);
    const start = events.find((e) => e.kind === 'start' && e.name === 'write');
    expect(start?.data).toEqual({ params: { id: 'a', text: 'hello' }, ports: { outputs: ['note/a'] } });
    // The write is a progress event of the writer, with the key's summary (not the whole value).
    const wrote = events.find((e) => e.kind === 'progress' && e.path === 'flow/write');
    expect(wrote?.message).toBe('set note/a');
    expect(wrote?.data).toEqual({ blackboard: { key: 'note/a', value: { text: 'hello' } } });
    expect(events.find((e) => e.kind === 'progress' && e.path === 'flow/read')?.message).toBe('read hello');
  });

  it('fails a leaf that reads a key its ports do not declare as a bug (internal-error), not as a missing input', () => {
    const { base, blackboard } = setup();
    blackboard.set(NOTE.of('a'), { text: 'there', secret: 1 });
    let failure: SkillFailure | undefined;
    runSkill(snoop({}), base).subscribe({ error: (e: unknown) => (failure = toSkillFailure(e)) });
    expect(failure?.reason).toBe('internal-error');
    expect(failure?.message).toMatch(/snoop \(snoop\): read of blackboard key 'note\/a' that its ports do not declare/);
  });

  it('keeps entries between runs that share a blackboard, and lists a family', () => {
    const shared = new Blackboard();
    const first = setup(shared);
    runSkill(write({ id: 'b', text: 'kept' }), first.base).subscribe();
    const second = setup(shared);
    runSkill(read({ id: 'b' }), second.base).subscribe();
    expect(second.events.find((e) => e.kind === 'progress')?.message).toBe('read kept');
    expect(shared.entries(NOTE).map(([id, v]) => [id, v.text])).toEqual([['b', 'kept']]);
  });
});
