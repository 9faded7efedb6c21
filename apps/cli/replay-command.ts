import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { SKILLS } from '../../skills/index.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { TaskFileError, loadTask } from '../../src/task/index.ts';
import { parseTrace, TraceFileError } from '../../src/telemetry/trace.ts';
import { TreeSnapshot, type TreeNodeSnapshot } from '../../src/telemetry/tree-snapshot.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { commandUsage, parseCommandLine, usageErrors, type CommandSpec } from './args.ts';
import type { CliIo } from './cli-io.ts';
import { leafSummary, skillCounts } from './run-summary.ts';
import { colourWanted, printable } from './terminal-text.ts';
import { EventLinePrinter, TREE_LEGEND, formatSimTime, renderTree } from './tree-view.ts';

/** `embody replay`. */
export const REPLAY_SPEC: CommandSpec = {
  name: 'replay',
  synopsis: '<trace.jsonl> [options]',
  flags: {
    step: {
      kind: 'switch',
      help: 'show the tree after each change, one step at a time (Enter for the next on a terminal, q to stop)',
    },
    task: {
      kind: 'value',
      placeholder: '<task.yaml>',
      help: 'the task file the run ran: its static tree shows the nodes that never started (○)',
    },
    json: { kind: 'switch', help: 'print one JSON summary object on stdout instead of the tree' },
  },
  positionals: { min: 1, max: 1, name: 'trace file' },
  footer: 'exit codes: 0 the traced run succeeded, 1 it did not, 2 bad trace file or options',
};

/** Reads a key from a terminal for `--step`: resolves with what was typed (`''` for Enter). */
export type StepInput = () => Promise<string>;

/**
 * `embody replay trace.jsonl`: folds the trace's events into the tree the run showed and prints its final state;
 * with `--step`, the tree after each change (each start, end and new message), waiting for Enter on a terminal.
 */
export async function replayCommand(argv: readonly string[], io: CliIo, stepInput?: StepInput): Promise<number> {
  const parsed = parseCommandLine(REPLAY_SPEC, argv);
  if (parsed.help) {
    io.stdout.write(commandUsage(REPLAY_SPEC));
    return 0;
  }
  if (parsed.errors.length > 0) {
    io.stderr.write(usageErrors(REPLAY_SPEC, parsed.errors));
    return 2;
  }
  const shownPath = parsed.positionals[0] ?? '';
  let events: TelemetryEvent[];
  let torn: boolean;
  try {
    const path = isAbsolute(shownPath) ? shownPath : resolve(io.cwd, shownPath);
    ({ events, tornLastLine: torn } = parseTrace(await readFile(path, 'utf8'), shownPath));
  } catch (error) {
    const message =
      error instanceof TraceFileError ? error.message : `cannot read ${shownPath}: ${(error as Error).message}`;
    io.stderr.write(`embody replay: ${printable(message)}\n`);
    return 2;
  }
  if (events.length === 0) {
    io.stderr.write(`embody replay: ${printable(shownPath)}: no events\n`);
    return 2;
  }
  let tree: TreeSnapshot;
  try {
    tree = await seededTree(parsed.values.task, io);
  } catch (error) {
    const message = error instanceof TaskFileError ? error.message : (error as Error).message;
    io.stderr.write(
      `${message
        .split('\n')
        .map((line) => `embody replay: ${printable(line)}`)
        .join('\n')}\n`,
    );
    return 2;
  }
  const colour = colourWanted(io.stdout);
  const input = stepInput ?? (io.stdout.isTTY && process.stdin.isTTY ? terminalKey : undefined);
  if (parsed.values.step === true && parsed.values.json !== true) {
    const printer = new EventLinePrinter();
    for (const [i, event] of events.entries()) {
      tree.apply(event);
      const line = printer.line(event);
      if (line === undefined) continue;
      io.stdout.write(
        `\nstep ${i + 1}/${events.length}  ${line}\n${renderTree(tree.snapshot(), { colour }).join('\n')}\n`,
      );
      if (input !== undefined && i < events.length - 1 && (await input()).trim().toLowerCase() === 'q') break;
    }
  } else {
    for (const event of events) tree.apply(event);
  }
  const root = tree.snapshot();
  const lastMs = events.at(-1)?.simTimeMs ?? 0;
  const code = root.status === 'succeeded' ? 0 : 1;
  const cause = deepestFailure(root);
  if (parsed.values.json === true) {
    io.stdout.write(
      `${JSON.stringify({
        command: 'replay',
        trace: shownPath,
        task: root.name,
        status: root.status,
        events: events.length,
        tornLastLine: torn,
        simTimeS: lastMs / 1000,
        skills: skillCounts(root),
        ...(cause?.failure === undefined ? {} : { rootCause: { ...cause.failure, path: cause.path } }),
        exitCode: code,
      })}\n`,
    );
    return code;
  }
  const lines = [
    `${formatSimTime(lastMs)} ${printable(root.name)}: ${events.length} events from ${printable(shownPath)}${torn ? ' (its torn last line dropped)' : ''}`,
    ...(parsed.values.step === true ? [] : renderTree(root, { colour })),
    TREE_LEGEND,
    `summary: ${root.status}; skills ${leafSummary(root)}; ${(lastMs / 1000).toFixed(3)} s sim`,
    ...(cause?.failure === undefined
      ? []
      : [`cause: ${cause.failure.reason} at ${printable(cause.path)}: ${printable(cause.failure.message)}`]),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return code;
}

/** The tree a trace is folded into: seeded with the task's static graph when `--task` names it. */
async function seededTree(task: string | true | undefined, io: CliIo): Promise<TreeSnapshot> {
  if (typeof task !== 'string') return new TreeSnapshot();
  const path = isAbsolute(task) ? task : resolve(io.cwd, task);
  try {
    return TreeSnapshot.fromSkill((await loadTask(path, createDefaultRegistries(SKILLS))).root);
  } catch (error) {
    if (error instanceof TaskFileError) throw new TaskFileError(task, error.issues);
    throw new Error(`cannot read --task ${task}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The failed node a person must look at: from a failed root, down through failed children (a fallback's first, as
 * `rootCause` picks for a live failure; otherwise the last one that failed).
 */
function deepestFailure(root: TreeNodeSnapshot): TreeNodeSnapshot | undefined {
  if (root.status !== 'failed') return undefined;
  let node = root;
  for (;;) {
    const failed = node.children.filter((c) => c.status === 'failed');
    const next = node.failure?.reason === 'all-failed' ? failed[0] : failed.at(-1);
    if (next === undefined) return node;
    node = next;
  }
}

/** One line from the terminal (Enter), without echoing a prompt into the output. */
const terminalKey: StepInput = () =>
  new Promise((resolve) => {
    process.stdin.resume();
    process.stdin.once('data', (data: Buffer) => {
      process.stdin.pause();
      resolve(data.toString('utf8'));
    });
  });
