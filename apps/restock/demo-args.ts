import { z } from 'zod';
import { commandUsage, parseCommandLine, type CommandSpec, type FlagSpec } from '../cli/args.ts';
import { DEFAULT_CHECKPOINT_EVERY_MIN } from './checkpoint.ts';
import { choiceFlag, flagIssues, intFlag, numberFlag, textFlag } from '../cli/flag-values.ts';

/** Sim hours a demo runs unless `--hours` says otherwise: a quarter of an hour. */
const DEFAULT_HOURS = 0.25;
/** Items shoppers take per sim hour unless `--shoppers` says otherwise. */
const DEFAULT_SHOPPERS_PER_HOUR = 30;
/** Share of facings stocked at the start unless `--fill` says otherwise. */
const DEFAULT_FILL = 0.85;
/** Port of `--view` unless `--port` says otherwise (Vite's usual one). */
const DEFAULT_PORT = 5173;
/** Seeds feed a 32-bit generator: larger values would alias smaller ones. */
const MAX_SEED = 2 ** 32 - 1;

const DEMO_FLAGS = {
  hours: {
    kind: 'value',
    placeholder: '<h>',
    help: `hours of sim time to run (default ${DEFAULT_HOURS}); --hours 24 is the soak`,
  },
  speed: {
    kind: 'value',
    placeholder: 'max|realtime',
    help: 'as fast as the CPU allows, or paced to the wall clock (default max)',
  },
  seed: { kind: 'value', placeholder: '<n>', help: 'random seed: initial stock, shoppers (default 1)' },
  shoppers: {
    kind: 'value',
    placeholder: '<n>',
    help: `items shoppers take per sim hour (default ${DEFAULT_SHOPPERS_PER_HOUR}; 0 for none)`,
  },
  fill: {
    kind: 'value',
    placeholder: '<0..1>',
    help: `share of facings stocked at the start (default ${DEFAULT_FILL})`,
  },
  planogram: {
    kind: 'value',
    placeholder: '<file>',
    help: 'planogram file; it names its scene (default scenes/store-planogram.yaml)',
  },
  trace: {
    kind: 'value',
    placeholder: '<out.jsonl>',
    help: "write the run's telemetry as JSON Lines (the console replays it)",
  },
  checkpoint: {
    kind: 'value',
    placeholder: '<file>',
    help: "save the run's state here at quiet moments (robot idle or between facings) and on Ctrl-C",
  },
  'checkpoint-every': {
    kind: 'value',
    placeholder: '<min>',
    help: `sim minutes at least between checkpoints (default ${DEFAULT_CHECKPOINT_EVERY_MIN})`,
  },
  resume: {
    kind: 'value',
    placeholder: '<file>',
    help: "go on from a checkpoint to its run's hours (and keep checkpointing to it unless --checkpoint)",
  },
  json: { kind: 'switch', help: 'print the summary as one JSON object' },
  view: { kind: 'switch', help: 'serve the operator console instead (the demo then runs in the browser)' },
  port: { kind: 'value', placeholder: '<n>', help: `port for --view (default ${DEFAULT_PORT})` },
} as const satisfies Record<string, FlagSpec>;

/** Flags a checkpoint fixes: a resumed run takes them from the file. */
const RUN_FLAGS = ['hours', 'seed', 'shoppers', 'fill', 'planogram'] as const;

/** `embody demo` (`npm start -- [options]`): the retail restocking demo. */
export const DEMO_SPEC: CommandSpec = {
  name: 'demo',
  synopsis: '[options]          (npm start -- [options])',
  description:
    "The wheeled humanoid keeps a store's shelves to the planogram while simulated shoppers take items;\n" +
    'progress as it runs, KPIs at the end.',
  flags: DEMO_FLAGS,
  positionals: { min: 0, max: 0, name: 'argument' },
  footer:
    'A resumed run rebuilds the store from its files and puts the robot and every item where the checkpoint says,\n' +
    'at rest: contact warm-starts, velocities and the restock in flight are not saved, so it does not retrace the\n' +
    'uninterrupted run step for step; its KPIs, clock and shoppers go on. --seed, --hours, --shoppers, --fill and\n' +
    '--planogram come from the checkpoint.\n' +
    'exit codes: 0 ran its hours, 1 the graph failed, 2 bad options or files, 130 Ctrl-C, 143 SIGTERM',
};

/** `embody demo -h`. */
export const DEMO_USAGE = commandUsage(DEMO_SPEC);

const FlagsSchema = z.strictObject({
  hours: numberFlag({ min: 0, max: 24 * 30, minExclusive: true }).default(DEFAULT_HOURS),
  speed: choiceFlag(['max', 'realtime']).default('max'),
  seed: intFlag(0, MAX_SEED).default(1),
  shoppers: numberFlag({ min: 0, max: 10_000 }).default(DEFAULT_SHOPPERS_PER_HOUR),
  fill: numberFlag({ min: 0, max: 1 }).default(DEFAULT_FILL),
  planogram: textFlag.optional(),
  trace: textFlag.optional(),
  checkpoint: textFlag.optional(),
  'checkpoint-every': numberFlag({ min: 0, max: 24 * 60 }).default(DEFAULT_CHECKPOINT_EVERY_MIN),
  resume: textFlag.optional(),
  json: z.boolean().default(false),
  view: z.boolean().default(false),
  port: intFlag(0, 65535).default(DEFAULT_PORT),
});
export type DemoFlags = z.output<typeof FlagsSchema>;

/** Parses `embody demo` flags: the flags, a request for help, or the problems, each naming its flag. */
export function parseDemoArgs(
  argv: readonly string[],
): { readonly flags: DemoFlags } | { readonly help: true } | { readonly errors: readonly string[] } {
  const line = parseCommandLine(DEMO_SPEC, argv);
  if (line.help) return { help: true };
  if (line.errors.length > 0) return { errors: line.errors };
  if (line.values['resume'] !== undefined) {
    const fixed = RUN_FLAGS.filter((flag) => line.values[flag] !== undefined);
    if (fixed.length > 0)
      return { errors: fixed.map((flag) => `--${flag}: not with --resume (the checkpoint keeps the run's ${flag})`) };
  }
  const parsed = FlagsSchema.safeParse(line.values);
  return parsed.success ? { flags: parsed.data } : { errors: flagIssues(parsed.error) };
}
