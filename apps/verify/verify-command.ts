import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { writeFileAtomic } from '../datagen/atomic-write.ts';
import type { TextSink } from '../datagen/progress.ts';
import { confusionText } from './confusion.ts';
import { MUJOCO_SETTINGS } from './mujoco-settings.ts';
import { verifyDataset } from './verify-run.ts';

/** `embody verify --help`. */
export const VERIFY_USAGE = `usage: embody verify DATASET [--sample N] [--seed S]

Replays a sample of a dataset's labelled grasps in a second engine, MuJoCo (official WASM build): the same
gripper, pose, friction, mass and force, the same protocol and judgement, with an elliptic friction cone and stiff
contacts (MuJoCo's defaults let pads sink 3-4 mm). Prints agreement and a confusion matrix by failure mode, and
writes it to DATASET/meta/verify-mujoco.json. Parallel-jaw datasets only.

  --sample N   grasps to replay, drawn at random (default 200)
  --seed S     which sample (default 1)
  -h, --help
`;

const Args = z.object({
  sample: z.coerce.number().int().min(1).default(200),
  seed: z.coerce.number().int().min(0).default(1),
});

/** `embody verify ...`: returns the exit code (0 done, 1 error, 2 usage). */
export async function verifyCommand(
  argv: readonly string[],
  io: { stdout: TextSink; stderr: TextSink; cwd: string },
): Promise<number> {
  let dir: string;
  let args: z.infer<typeof Args>;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { sample: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help === true) {
      io.stdout.write(VERIFY_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new Error('give one dataset folder');
    const parsed = Args.safeParse(values);
    if (!parsed.success)
      throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    dir = resolve(io.cwd, positionals[0]!);
    args = parsed.data;
  } catch (error) {
    io.stderr.write(`embody verify: ${(error as Error).message}\n\n${VERIFY_USAGE}`);
    return 2;
  }
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
