import { join, resolve } from 'node:path';
import { z } from 'zod';
import { commandUsage, parseCommandLine, usageErrors, type CommandSpec } from '../cli/args.ts';
import { flagIssues, intFlag } from '../cli/flag-values.ts';
import { writeFileAtomic } from '../datagen/atomic-write.ts';
import type { TextSink } from '../datagen/progress.ts';
import { confusionText } from './confusion.ts';
import { MUJOCO_SETTINGS } from './mujoco-settings.ts';
import { verifyDataset } from './verify-run.ts';

/** `embody verify`. */
export const VERIFY_SPEC: CommandSpec = {
  name: 'verify',
  synopsis: 'DATASET [--sample N] [--seed S]',
  description:
    "Replays a sample of a dataset's labelled grasps in a second engine, MuJoCo (official WASM build): the same\n" +
    'gripper, pose, friction, mass and force, the same protocol and judgement, with an elliptic friction cone and stiff\n' +
    "contacts (MuJoCo's defaults let pads sink 3-4 mm). Prints agreement and a confusion matrix by failure mode, and\n" +
    'writes it to DATASET/meta/verify-mujoco.json. Parallel-jaw datasets only.',
  flags: {
    sample: { kind: 'value', placeholder: 'N', help: 'grasps to replay, drawn at random (default 200)' },
    seed: { kind: 'value', placeholder: 'S', help: 'which sample (default 1)' },
  },
  positionals: { min: 1, max: 1, name: 'dataset folder' },
  footer: 'exit codes: 0 done, 1 error, 2 bad options',
};

const Args = z.object({
  sample: intFlag(1, 1_000_000).default(200),
  seed: intFlag(0, 2 ** 32 - 1).default(1),
});

/** `embody verify ...`: returns the exit code (0 done, 1 error, 2 usage). */
export async function verifyCommand(
  argv: readonly string[],
  io: { stdout: TextSink; stderr: TextSink; cwd: string },
): Promise<number> {
  const line = parseCommandLine(VERIFY_SPEC, argv);
  if (line.help) {
    io.stdout.write(commandUsage(VERIFY_SPEC));
    return 0;
  }
  const parsed = Args.safeParse(line.values);
  const problems = [...line.errors, ...(parsed.success ? [] : flagIssues(parsed.error))];
  if (problems.length > 0 || !parsed.success) {
    io.stderr.write(usageErrors(VERIFY_SPEC, problems));
    return 2;
  }
  const dir = resolve(io.cwd, line.positionals[0]!);
  const args = parsed.data;
  try {
    const report = await verifyDataset(dir, {
      ...args,
      onTrial: (done, total) => {
        if (done % 20 === 0 || done === total) io.stderr.write(`\rembody verify: ${done}/${total} replayed`);
      },
    });
    io.stderr.write('\n');
    io.stdout.write(
      `embody verify: ${report.sampled} of ${report.available} grasps replayed in ${report.referee}\n` +
        confusionText(report.confusion, 'MuJoCo'),
    );
    writeFileAtomic(
      join(dir, 'meta', 'verify-mujoco.json'),
      `${JSON.stringify({ settings: MUJOCO_SETTINGS, ...args, ...report }, null, 2)}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`embody verify: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
