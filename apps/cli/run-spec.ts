import { z } from 'zod';
import type { CommandSpec, FlagSpec } from './args.ts';
import { choiceFlag, intFlag, numberFlag, textFlag } from './flag-values.ts';

/** Sim-time cap of a run unless `--limit-s` says otherwise, s. */
export const DEFAULT_LIMIT_S = 600;
/** The wall-clock cap is this many times the sim-time cap unless `--wall-limit-s` says otherwise. */
export const WALL_LIMIT_FACTOR = 3;
/** Seeds feed a 32-bit generator (`seededRandom`): larger values would alias smaller ones. */
const MAX_SEED = 2 ** 32 - 1;
/** A day: longer caps are almost surely a typo (ms for s). */
const MAX_LIMIT_S = 86_400;

/** The flags a run takes. */
export const RUN_FLAGS = {
  backend: {
    kind: 'value',
    placeholder: '<name>',
    help:
      'robot to run on: sim (the default with --scene), double (the scripted double, no physics),\n' +
      'or ros (a robot over rosbridge, with --robot)',
  },
  robot: {
    kind: 'value',
    placeholder: '<config.yaml>',
    help: "the ros backend's robot config: rosbridge URL, dialect, interface names (examples/robots/)",
  },
  scene: { kind: 'value', placeholder: '<file>', help: 'scene file: the world the task sees (runs in the sim)' },
  seed: { kind: 'value', placeholder: '<n>', help: "random seed, 0 to 2^32-1 (default: the task's seed, else 1)" },
  trace: {
    kind: 'value',
    placeholder: '<out.jsonl>',
    help: "write the run's telemetry as JSON Lines (folders are created; see embody replay)",
  },
  force: { kind: 'switch', help: 'overwrite an existing --trace file (never the task or scene file)' },
  speed: {
    kind: 'value',
    placeholder: 'realtime|max',
    help: 'sim time paced by the wall clock, or as fast as it computes\n(default: realtime on a terminal, max otherwise)',
  },
  'limit-s': {
    kind: 'value',
    placeholder: '<s>',
    help: `cancel the run after this much sim time (default: ${DEFAULT_LIMIT_S})`,
  },
  'wall-limit-s': {
    kind: 'value',
    placeholder: '<s>',
    help: `cancel the run after this much wall time (default: ${WALL_LIMIT_FACTOR} × --limit-s)`,
  },
  'allow-path': {
    kind: 'value',
    placeholder: '<dir[:dir]>',
    help: "folders outside the scene's own that its URDF and mesh paths may name",
  },
  json: { kind: 'switch', help: 'print one JSON summary object on stdout; everything else goes to stderr' },
} as const satisfies Record<string, FlagSpec>;

const EXIT_CODES =
  'exit codes: 0 succeeded, 1 failed or did not finish, 2 bad task file or options, 130 Ctrl-C, 143 SIGTERM\n' +
  'Ctrl-C cancels the run (the robot halts, the final tree and the trace are written); twice within 2 s exits at once.';

/** `embody run`. */
export const RUN_SPEC: CommandSpec = {
  name: 'run',
  synopsis: '<task.yaml|task.json> [options]',
  flags: RUN_FLAGS,
  positionals: { min: 1, max: 1, name: 'task file' },
  footer: EXIT_CODES,
};

/** The run's flags, checked: zod at the edge, one message per bad flag. */
export const RunFlagsSchema = z.strictObject({
  backend: textFlag.optional(),
  scene: textFlag.optional(),
  robot: textFlag.optional(),
  seed: intFlag(0, MAX_SEED).optional(),
  trace: textFlag.optional(),
  force: z.literal(true).optional(),
  speed: choiceFlag(['realtime', 'max']).optional(),
  'limit-s': numberFlag({ min: 0, max: MAX_LIMIT_S, minExclusive: true }).default(DEFAULT_LIMIT_S),
  'wall-limit-s': numberFlag({ min: 0, max: MAX_LIMIT_S * WALL_LIMIT_FACTOR, minExclusive: true }).optional(),
  'allow-path': textFlag.optional(),
  json: z.literal(true).optional(),
});

export type RunFlags = z.output<typeof RunFlagsSchema>;
