import { parseArgs } from 'node:util';
import { z } from 'zod';

export const DEMO_USAGE = `usage: embody demo [options]          (npm start -- [options])
The retail restocking demo in the Rapier sim: the wheeled humanoid keeps a store's shelves to the planogram
while simulated shoppers take items; progress as it runs, KPIs at the end.
  --hours <h>           hours of sim time to run (default 0.25); --hours 24 is the soak
  --speed max|realtime  as fast as the CPU allows, or paced to the wall clock (default max)
  --seed <n>            random seed: initial stock, shoppers (default 1)
  --shoppers <n>        items shoppers take per sim hour (default 30; 0 for none)
  --fill <0..1>         share of facings stocked at the start (default 0.85)
  --planogram <file>    planogram file; it names its scene (default scenes/store-planogram.yaml)
  --trace <out.jsonl>   write the run's telemetry as JSON Lines (the console replays it)
  --json                print the summary as one JSON object
  --view                serve the operator console instead (the demo then runs in the browser)
  --port <n>            port for --view (default 5173)
  -h, --help            this text
exit codes: 0 ran its hours, 1 the graph failed, 2 bad options or files, 130 interrupted (Ctrl-C)
`;

const FlagsSchema = z.strictObject({
  hours: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(0.25),
  speed: z.enum(['max', 'realtime']).default('max'),
  seed: z.coerce.number().int().nonnegative().default(1),
  shoppers: z.coerce.number().nonnegative().max(10_000).default(30),
  fill: z.coerce.number().min(0).max(1).default(0.85),
  planogram: z.string().min(1).optional(),
  trace: z.string().min(1).optional(),
  json: z.boolean().default(false),
  view: z.boolean().default(false),
  port: z.coerce.number().int().min(0).max(65535).default(5173),
  help: z.boolean().default(false),
});
export type DemoFlags = z.infer<typeof FlagsSchema>;

/** Parses `embody demo` flags; returns the flags or the problems, each naming its flag. */
export function parseDemoArgs(argv: readonly string[]): { flags: DemoFlags } | { errors: string[] } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        hours: { type: 'string' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        shoppers: { type: 'string' },
        fill: { type: 'string' },
        planogram: { type: 'string' },
        trace: { type: 'string' },
        json: { type: 'boolean' },
        view: { type: 'boolean' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { errors: [(error as Error).message] };
  }
  const parsed = FlagsSchema.safeParse(values);
  if (!parsed.success) return { errors: parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`) };
  return { flags: parsed.data };
}
