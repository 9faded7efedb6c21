import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { commandUsage, parseCommandLine, usageErrors, type CommandSpec } from '../cli/args.ts';
import type { CliIo } from '../cli/cli-io.ts';
import { choiceFlag, flagIssues, intFlag, numberFlag, textFlag } from '../cli/flag-values.ts';
import { startServe, type ServeSession } from './serve-session.ts';

/** `embody serve`: its flags and usage (`embody serve -h`). */
export const SERVE_SPEC: CommandSpec = {
  name: 'serve',
  synopsis: '--scene <scene.yaml> [options]',
  description:
    "Serves the scene's robot over the rosbridge v2 protocol with the interfaces of the embody-serve preset\n" +
    '(hardware/ros/presets.ts): point `embody run --backend ros` or any rosbridge client at it. Ctrl-C stops it.',
  flags: {
    scene: { kind: 'value', placeholder: '<file>', help: 'scene file whose first robot is served' },
    port: { kind: 'value', placeholder: '<n>', help: 'port on 127.0.0.1 (default 9090; 0 picks a free one)' },
    dialect: {
      kind: 'value',
      placeholder: 'ros2|ros1',
      help: 'ROS 2 action ops, or ROS 1 actionlib topics (default ros2)',
    },
    'time-scale': { kind: 'value', placeholder: '<x>', help: 'sim seconds per wall second (default 1: real time)' },
    'state-hz': { kind: 'value', placeholder: '<n>', help: '/joint_states and wrench rate in Hz (default 125)' },
    seed: { kind: 'value', placeholder: '<n>', help: 'random seed of the sim (default 1)' },
  },
  positionals: { min: 0, max: 0, name: 'argument' },
  footer: 'exit codes: 0 stopped by Ctrl-C or SIGTERM, 2 bad options or scene',
};

/** `embody serve --help`. */
export const SERVE_USAGE = commandUsage(SERVE_SPEC);

const ServeFlagsSchema = z.strictObject({
  scene: textFlag,
  port: intFlag(0, 65535).default(9090),
  dialect: choiceFlag(['ros2', 'ros1']).default('ros2'),
  'time-scale': numberFlag({ min: 0, max: 100, minExclusive: true }).default(1),
  'state-hz': numberFlag({ min: 0, max: 2000, minExclusive: true }).default(125),
  seed: intFlag(0, 2 ** 32 - 1).default(1),
});

/**
 * `embody serve`: runs a scene in the sim at wall-clock pace and serves its robot over rosbridge until SIGINT or
 * SIGTERM (or `stop` resolves, for tests). The first line printed names the URL, so a caller can wait for it.
 */
export async function serveCommand(
  argv: readonly string[],
  io: CliIo,
  stop: Promise<void> = signalled(),
): Promise<number> {
  const parsed = parseCommandLine(SERVE_SPEC, argv);
  if (parsed.help) {
    io.stdout.write(SERVE_USAGE);
    return 0;
  }
  const flags = ServeFlagsSchema.safeParse(parsed.values);
  const problems = [...parsed.errors, ...(flags.success ? [] : flagIssues(flags.error))];
  if (problems.length > 0 || !flags.success) {
    io.stderr.write(usageErrors(SERVE_SPEC, problems));
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
