import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { parseArgs } from '../cli/args.ts';
import type { CliIo } from '../cli/run-command.ts';
import { startServe, type ServeSession } from './serve-session.ts';

export const SERVE_USAGE = `usage: embody serve --scene <scene.yaml> [options]
  --port <n>                port on 127.0.0.1 (default 9090; 0 picks a free one)
  --dialect ros2|ros1       ROS 2 action ops, or ROS 1 actionlib topics (default ros2)
  --time-scale <x>          sim seconds per wall second (default 1: real time)
  --state-hz <n>            /joint_states and wrench rate in Hz (default 125)
  --seed <n>                random seed of the sim (default 1)
Serves the scene's robot over the rosbridge v2 protocol with the interfaces of the embody-serve preset
(hardware/ros/presets.ts): point \`embody run --backend ros\` or any rosbridge client at it. Ctrl-C stops it.
`;

const ServeFlagsSchema = z.strictObject({
  scene: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535).default(9090),
  dialect: z.enum(['ros2', 'ros1']).default('ros2'),
  'time-scale': z.coerce.number().positive().max(100).default(1),
  'state-hz': z.coerce.number().positive().max(2000).default(125),
  seed: z.coerce.number().int().nonnegative().default(1),
  help: z.literal(true).optional(),
});

const FLAG_SPEC = {
  scene: 'value',
  port: 'value',
  dialect: 'value',
  'time-scale': 'value',
  'state-hz': 'value',
  seed: 'value',
  help: 'switch',
} as const;

/**
 * `embody serve`: runs a scene in the sim at wall-clock pace and serves its robot over rosbridge until SIGINT or
 * SIGTERM (or `stop` resolves, for tests). The first line printed names the URL, so a caller can wait for it.
 */
export async function serveCommand(
  argv: readonly string[],
  io: CliIo,
  stop: Promise<void> = signalled(),
): Promise<number> {
  const args = parseArgs(argv, FLAG_SPEC);
  if (args.flags.help === true) {
    io.stdout.write(SERVE_USAGE);
    return 0;
  }
  const flags = ServeFlagsSchema.safeParse(args.flags);
  const problems = [...args.errors, ...args.positionals.map((p) => `unexpected argument "${p}"`)];
  if (!flags.success) problems.push(...flags.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`));
  if (problems.length > 0 || !flags.success) {
    io.stderr.write(`${problems.map((p) => `embody serve: ${p}`).join('\n')}\n\n${SERVE_USAGE}`);
    return 2;
  }
  const f = flags.data;
  let session: ServeSession;
  try {
    session = await startServe({
      scenePath: isAbsolute(f.scene) ? f.scene : resolve(io.cwd, f.scene),
      port: f.port,
      dialect: f.dialect,
      timeScale: f['time-scale'],
      stateHz: f['state-hz'],
      seed: f.seed,
    });
  } catch (error) {
    io.stderr.write(`embody serve: ${(error as Error).message}\n`);
    return 2;
  }
  io.stdout.write(`embody serve: ${session.robotId} (${f.dialect}) on ws://127.0.0.1:${session.port}\n`);
  for (const topic of session.graph.topicList()) io.stdout.write(`  ${topic.name}  ${topic.type}\n`);
  await stop;
  if (session.behind) io.stderr.write('embody serve: the sim fell behind the wall clock at times (CPU busy)\n');
  await session.close();
  io.stdout.write('embody serve: stopped\n');
  return 0;
}

function signalled(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
