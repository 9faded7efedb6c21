import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Skill } from '../skill/skill.ts';
import { FAILURE_REASONS } from '../skill/failure.ts';
import type { TelemetryEvent } from '../skill/telemetry-events.ts';
import { TreeSnapshot } from './tree-snapshot.ts';

/** One line of a JSONL trace, checked where it enters. */
export const TelemetryEventSchema = z.object({
  seq: z.number().int().nonnegative(),
  kind: z.enum(['start', 'progress', 'succeeded', 'failed', 'cancelled']),
  nodeId: z.string(),
  path: z.string(),
  nodeKind: z.string(),
  name: z.string(),
  parentId: z.string().optional(),
  simTimeMs: z.number(),
  wallTimeMs: z.number(),
  message: z.string().optional(),
  fraction: z.number().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  failure: z.object({ reason: z.enum(FAILURE_REASONS), message: z.string(), path: z.string().optional() }).optional(),
});

/** A trace file that cannot be read: names the file and the line. */
export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

/** What a trace held: its events, and whether its last line was torn (an unterminated line, dropped). */
export interface ParsedTrace {
  readonly events: TelemetryEvent[];
  readonly tornLastLine: boolean;
}

/** Parses JSON Lines text into events; a torn last line (no newline) is dropped, any other bad line throws. */
export function parseTrace(text: string, fileName = 'trace'): ParsedTrace {
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const events = lines.map((line, i) => parseLine(line, fileName, i + 1));
  return { events: events.filter((e): e is TelemetryEvent => e !== undefined), tornLastLine: last !== '' };
}

/** Reads a JSONL trace written by `JsonlRecorder`. */
export async function readTrace(path: string): Promise<TelemetryEvent[]> {
  return parseTrace(await readFile(path, 'utf8'), path).events;
}

/** Rebuilds the tree a run showed from its events, seeded with the static graph when it is at hand. */
export function replayTrace(events: Iterable<TelemetryEvent>, seed?: Skill): TreeSnapshot {
  const tree = seed === undefined ? new TreeSnapshot() : TreeSnapshot.fromSkill(seed);
  for (const event of events) tree.apply(event);
  return tree;
}

function parseLine(line: string, fileName: string, lineNumber: number): TelemetryEvent | undefined {
  if (line.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new TraceFileError(`${fileName}:${lineNumber}: not JSON (${(error as Error).message})`);
  }
  const result = TelemetryEventSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TraceFileError(
      `${fileName}:${lineNumber}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid event'}`,
    );
  }
  return result.data;
}
