import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { JsonlRecorder } from '../../src/telemetry/jsonl-recorder.ts';
import { TraceFileError, parseTrace, readTrace } from '../../src/telemetry/trace.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embody-trace-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = { nodeId: '0', path: 'root', nodeKind: 'sequence', name: 'root' } as const;

describe('JsonlRecorder', () => {
  it('writes one JSON line per event, read back equal', async () => {
    const path = join(dir, 'out.jsonl');
    const bus = new TelemetryBus(() => 1000);
    const recorder = JsonlRecorder.create(path);
    recorder.attach(bus.events$);
    bus.emit({ ...base, kind: 'start', simTimeMs: 0 });
    bus.emit({ ...base, kind: 'progress', simTimeMs: 5, message: 'approach', fraction: 0.5, data: { forceN: 4.9 } });
    bus.emit({
      ...base,
      kind: 'failed',
      simTimeMs: 9,
      failure: { reason: 'slipped', message: 'dropped', path: 'root' },
    });
    recorder.close();

    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(4);
    const events = await readTrace(path);
    expect(events.map((e) => e.kind)).toEqual(['start', 'progress', 'failed']);
    expect(events[1]).toEqual({
      seq: 1,
      wallTimeMs: 1000,
      ...base,
      kind: 'progress',
      simTimeMs: 5,
      message: 'approach',
      fraction: 0.5,
      data: { forceN: 4.9 },
    });
    expect(recorder.written).toBe(3);
  });

  it('lines are on disk as each event arrives, before close (a crash keeps the trace so far)', async () => {
    const path = join(dir, 'live.jsonl');
    const recorder = JsonlRecorder.create(path);
    recorder.record({ seq: 0, wallTimeMs: 0, ...base, kind: 'start', simTimeMs: 0 });
    expect((await readTrace(path)).map((e) => e.seq)).toEqual([0]);
    recorder.close();
  });

  it('never throws into the run: unserialisable data is replaced, events after close are counted as dropped', async () => {
    const path = join(dir, 'odd.jsonl');
    const recorder = JsonlRecorder.create(path);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    recorder.record({ seq: 0, wallTimeMs: 0, ...base, kind: 'progress', simTimeMs: 1, data: cyclic });
    recorder.close();
    recorder.record({ seq: 1, wallTimeMs: 0, ...base, kind: 'succeeded', simTimeMs: 2 });
    const [event] = await readTrace(path);
    expect(String(event?.data?.unserializable)).toMatch(/circular/i);
    expect(recorder.dropped).toBe(1);
  });
});

describe('parseTrace', () => {
  const line = (seq: number): string => JSON.stringify({ seq, wallTimeMs: 0, ...base, kind: 'start', simTimeMs: seq });

  it('drops a torn (unterminated) last line and says so', () => {
    const parsed = parseTrace(`${line(0)}\n${line(1)}\n{"seq":2,"ki`);
    expect(parsed.events.map((e: TelemetryEvent) => e.seq)).toEqual([0, 1]);
    expect(parsed.tornLastLine).toBe(true);
    expect(parseTrace(`${line(0)}\n`).tornLastLine).toBe(false);
  });

  it('names the file and line of a bad line in the middle', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, `${line(0)}\nnot json\n${line(2)}\n`);
    await expect(readTrace(path)).rejects.toThrow(TraceFileError);
    await expect(readTrace(path)).rejects.toThrow(`${path}:2: not JSON`);
    expect(() => parseTrace(`${JSON.stringify({ seq: 0 })}\n`, 't.jsonl')).toThrow(/^t\.jsonl:1: kind: /);
  });
});
