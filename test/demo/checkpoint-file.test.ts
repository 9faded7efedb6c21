import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCheckpoint, writeCheckpoint } from '../../apps/restock/checkpoint-file.ts';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint } from '../../apps/restock/checkpoint-schema.ts';
import { demoCommand, type DemoIo } from '../../apps/restock/demo-command.ts';
import { KpiTracker } from '../../apps/restock/kpis.ts';
import { seededRandom } from '../../src/math/random.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A small checkpoint that passes the schema (what a run writes, with two items). */
function checkpoint(timeMs: number): Checkpoint {
  const at = (x: number): Checkpoint['objects'][number]['poseInWorld'] => ({
    positionM: [x, 0.5, 0.9],
    quaternion: [0, 0, 0, 1],
  });
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    options: {
      planogramPath: join(REPO, 'scenes/store-planogram.yaml'),
      planogramName: 'store-planogram',
      seed: 1,
      hours: 1,
      shoppersPerHour: 30,
      fill: 0.85,
    },
    sim: { stepCount: (timeMs * 240) / 1000, timeMs },
    robot: { id: 'picker', rootInWorld: at(0), joints: { torso_lift_joint: 0.1 } },
    objects: [
      { id: 'shelf/can-330ml-1', sku: 'can-330ml', poseInWorld: at(1) },
      { id: 'stock/can-330ml-9', sku: 'can-330ml', poseInWorld: at(2) },
    ],
    itemCounter: 9,
    random: { shoppers: seededRandom(1).saveState() },
    coolingUntilMs: {},
    kpis: new KpiTracker().saveState(),
  };
}

function bufferIo(cwd: string): DemoIo & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => undefined },
    stderr: { write: (t: string) => void (err += t) },
    cwd,
    interrupted: new Promise<void>(() => undefined),
    err: () => err,
  };
}

/** `embody demo --resume <name>` on a file holding `text`: its exit code and what it said on stderr. */
async function resumeFrom(text: string): Promise<{ code: number; err: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'embody-checkpoint-'));
  await writeFile(join(dir, 'run.json'), text);
  const io = bufferIo(dir);
  return { code: await demoCommand(['--resume', 'run.json'], io), err: io.err() };
}

describe('demo checkpoint files', () => {
  it('reads back what it wrote, and the shoppers stream goes on where it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'embody-checkpoint-'));
    const path = join(dir, 'run.json');
    const random = seededRandom(7);
    random.next();
    random.normal();
    const saved = { ...checkpoint(60_000), random: { shoppers: random.saveState() } };
    writeCheckpoint(path, saved);
    const read = readCheckpoint(path);
    expect(read).toEqual(saved);
    const resumed = seededRandom(7, read.random.shoppers);
    expect([resumed.normal(), resumed.next(), resumed.int(1000)]).toEqual([
      random.normal(),
      random.next(),
      random.int(1000),
    ]);
  });

  it('names a planogram of this checkout relative to it, so another checkout resumes with its own copy', async () => {
    // The 24 h soak's checkpoint named its planogram by absolute path: resuming it in another checkout (the next
    // commit) needed the path edited by hand.
    const dir = await mkdtemp(join(tmpdir(), 'embody-checkpoint-'));
    const path = join(dir, 'run.json');
    const saved = checkpoint(60_000);
    writeCheckpoint(path, saved);
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
    expect(onDisk.options.planogramPath).toBe('scenes/store-planogram.yaml');
    expect(readCheckpoint(path).options.planogramPath).toBe(join(REPO, 'scenes/store-planogram.yaml'));
    // A planogram of one's own, outside the checkout, stays where it is.
    const own = join(dir, 'my-store.yaml');
    writeCheckpoint(path, { ...saved, options: { ...saved.options, planogramPath: own } });
    expect((JSON.parse(readFileSync(path, 'utf8')) as Checkpoint).options.planogramPath).toBe(own);
    expect(readCheckpoint(path).options.planogramPath).toBe(own);
  });

  it('refuses a truncated, garbled or foreign checkpoint with the file, the field and the reason', async () => {
    const good = JSON.stringify(checkpoint(60_000));
    const truncated = await resumeFrom(good.slice(0, Math.floor(good.length / 2)));
    expect(truncated.code).toBe(2);
    expect(truncated.err).toMatch(/^embody demo: run\.json: line 1, column \d+: YAML syntax error/);

    const badSku = await resumeFrom(good.replace('"sku":"can-330ml"', '"sku":"caviar"'));
    expect(badSku.err).toMatch(/^embody demo: run\.json: objects\[0\]\.sku: unknown product 'caviar'/);

    const badPose = await resumeFrom(good.replace('"quaternion":[0,0,0,1]', '"quaternion":[0,0,3,1]'));
    expect(badPose.err).toMatch(/run\.json: robot\.rootInWorld\.quaternion: not a unit quaternion/);

    const newer = await resumeFrom(good.replace(`"version":${CHECKPOINT_VERSION}`, '"version":99'));
    expect(newer.err).toMatch(/run\.json: version: /);

    const other = await resumeFrom('{"hello": "world"}\n');
    expect(other.err).toMatch(/run\.json: format: /);

    const empty = await resumeFrom('');
    expect(empty.err).toMatch(/run\.json: the checkpoint is empty/);

    const missing = bufferIo(tmpdir());
    expect(await demoCommand(['--resume', 'no-such-checkpoint.json'], missing)).toBe(2);
    expect(missing.err()).toMatch(/no-such-checkpoint\.json: cannot read the checkpoint: ENOENT/);
  });

  it('refuses run options beside --resume: the checkpoint keeps them', async () => {
    const io = bufferIo(REPO);
    expect(await demoCommand(['--resume', 'run.json', '--seed', '2', '--hours', '3'], io)).toBe(2);
    expect(io.err()).toMatch(/--hours: not with --resume/);
    expect(io.err()).toMatch(/--seed: not with --resume/);
  });

  // The writer runs in a real child process whose fs calls are patched to kill it (SIGKILL, no cleanup) halfway
  // through writing the new checkpoint, and just before the rename that would put it in place.
  it.each([
    ['mid-write', 'writeSync', 'real(fd, buffer, offset, Math.ceil(length / 2)); kill();'],
    ['before the rename', 'renameSync', 'kill();'],
  ])(
    'a crash %s leaves the previous checkpoint intact',
    async (_, call, body) => {
      const dir = await mkdtemp(join(tmpdir(), 'embody-checkpoint-'));
      const path = join(dir, 'run.json');
      writeCheckpoint(path, checkpoint(60_000));
      const before = readFileSync(path, 'utf8');
      const script = join(dir, 'crash.mts');
      await writeFile(
        script,
        `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const kill = () => process.kill(process.pid, 'SIGKILL');
const real = fs.${call};
fs.${call} = (fd, buffer, offset, length) => { ${body} return 0; };
syncBuiltinESMExports();
const { writeCheckpoint } = await import(${JSON.stringify(pathToFileURL(join(REPO, 'apps/restock/checkpoint-file.ts')).href)});
writeCheckpoint(${JSON.stringify(path)}, ${JSON.stringify(checkpoint(120_000))});
`,
      );
      const child = spawn(process.execPath, [join(REPO, 'bin/run-ts.mjs'), script], { stdio: 'ignore' });
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
      expect(signal).toBe('SIGKILL');
      expect(readFileSync(path, 'utf8')).toBe(before);
      expect(readCheckpoint(path).sim.timeMs).toBe(60_000);
    },
    60_000,
  );
});
