import { spawn } from 'node:child_process';
import { existsSync, readFileSync, watch } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../apps/restock/checkpoint-file.ts';
import type { Checkpoint } from '../../apps/restock/checkpoint-schema.ts';
import { resumeStore } from '../../apps/restock/checkpoint.ts';
import { isCoolingDown } from '../../skills/restock/memory.ts';
import { RestockRun } from '../../apps/restock/restock-run.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The whole run, sim hours: 72 s. Seed 3 restocks its first facing (a detergent bottle) at 54 s, the run's first quiet
 * moment. (It used to skip that facing at 1 s, a bottle the planner could not carry; the planner carries it now.) The
 * resumed run goes on 18 s from there, the next facing's restock under way: what is asserted of it (the hours run,
 * the KPIs continuing) does not need it longer; 90 s before, 36 s of it after the checkpoint.
 */
const SEED = 3;
const HOURS = 0.02;

/** Runs `embody demo` in a real child process; `started` gets the child (to interrupt it). */
function demo(
  args: readonly string[],
  started: (child: ReturnType<typeof spawn>) => void = () => undefined,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['bin/embody.mjs', 'demo', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('embody demo --checkpoint / --resume', () => {
  let dir = '';
  let first = '';
  let saved: Checkpoint;

  // One real run, interrupted by SIGINT once it wrote its first checkpoint (seed 3's first facing ends at 54 s: a
  // quiet moment).
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'embody-checkpoint-'));
    first = join(dir, 'run.json');
    const firstRun = await demo(
      ['--hours', String(HOURS), '--seed', String(SEED), '--checkpoint', first, '--checkpoint-every', '0'],
      (child) => {
        // The checkpoint's rename into place is the cue.
        const watcher = watch(dir, (_, name) => {
          if (name !== 'run.json' || !existsSync(first) || child.killed) return;
          watcher.close();
          child.kill('SIGINT');
        });
        child.on('exit', () => watcher.close());
      },
    );
    expect(firstRun.code, firstRun.err).toBe(130);
    expect(firstRun.out).toMatch(/restocking summary: interrupted/);
    saved = readCheckpoint(first);
  }, 300_000);

  it('Ctrl-C leaves a checkpoint of the run so far', () => {
    expect(saved.options).toMatchObject({ seed: SEED, hours: HOURS, planogramName: 'store-planogram' });
    expect(saved.sim.timeMs).toBeGreaterThan(0);
    expect(saved.sim.timeMs).toBeLessThan(HOURS * 3_600_000);
    expect(saved.kpis.startMs).toBe(0);
    expect(saved.kpis.attempts).toBeGreaterThan(0);
    expect(saved.kpis.series.length).toBeGreaterThan(0);
    expect(saved.kpis.restocked).toBe(1);
    expect(saved.kpis.skipped).toBe(0);
    // Nothing was skipped, so no facing is cooling down. (A skipped facing's cooldown has no real-process case here
    // since the planner carries that bottle; the last case's cooldown check runs only when the checkpoint has one.)
    expect(saved.coolingUntilMs).toEqual({});
    expect(saved.objects.length).toBeGreaterThan(50);
  });

  it('--resume (a real process) goes on to the hours with the KPIs and the clock continuing', async () => {
    const resumed = await demo(['--resume', first, '--checkpoint', join(dir, 'resumed.json'), '--json']);
    expect(resumed.code, resumed.err).toBe(0);
    const clock = new Date(saved.sim.timeMs).toISOString().slice(11, 19);
    expect(resumed.out).toContain(`resumed from ${first} at ${clock} sim: ${saved.kpis.restocked} restocked so far`);
    const summary = JSON.parse(resumed.out.split('\n').find((l) => l.startsWith('{"outcome"'))!) as {
      outcome: string;
      simHours: number;
      attempts: number;
      restocked: number;
      shopperTakes: number;
      toteRefills: number;
      failuresByReason: Record<string, number>;
    };
    expect(summary.outcome).toBe('ran its hours');
    // The KPIs count from the original start, not from the resume.
    expect(summary.simHours).toBeCloseTo(HOURS, 6);
    expect(summary.attempts).toBeGreaterThanOrEqual(saved.kpis.attempts);
    expect(summary.restocked).toBeGreaterThanOrEqual(saved.kpis.restocked);
    expect(summary.shopperTakes).toBeGreaterThanOrEqual(saved.kpis.shopperTakes);
    expect(summary.toteRefills).toBeGreaterThanOrEqual(saved.kpis.toteRefills);
    for (const [reason, f] of Object.entries(saved.kpis.failures))
      expect(summary.failuresByReason[reason]).toBeGreaterThanOrEqual(f.count);
  }, 300_000);

  it('a resumed store has every item and the robot where the checkpoint says, at rest, and its clock goes on', async () => {
    const { store, kpis } = await resumeStore(saved, first);
    try {
      const sim = store.simulation.sim;
      expect(sim.timeMs).toBe(saved.sim.timeMs);
      expect(sim.scheduler.now()).toBe(saved.sim.timeMs);
      expect(store.robot.body.joints).toEqual(saved.robot.joints);
      for (const [facing, untilMs] of Object.entries(saved.coolingUntilMs)) {
        expect(isCoolingDown(store.world, facing, untilMs - 1)).toBe(true);
        expect(isCoolingDown(store.world, facing, untilMs)).toBe(false);
      }
      const root = new Vector3().setFromMatrixPosition(store.robot.body.rootInWorld);
      expect(root.toArray()).toEqual(saved.robot.rootInWorld.positionM.map((v) => expect.closeTo(v, 9)));
      const poses = store.services.objectTracking!.poses();
      expect([...poses.keys()].sort()).toEqual(saved.objects.map((o) => o.id).sort());
      // Within 10 µm: the resume takes one step at rest (the contacts it starts with begin in it).
      for (const o of saved.objects)
        expect(poses.get(o.id)!.position.distanceTo(new Vector3(...o.poseInWorld.positionM))).toBeLessThan(1e-5);
      // A sim second later (no robot work) the items have not jumped: they were put back at rest.
      sim.runFor(1000);
      const after = store.services.objectTracking!.poses();
      for (const o of saved.objects)
        expect(after.get(o.id)!.position.distanceTo(new Vector3(...o.poseInWorld.positionM)), o.id).toBeLessThan(0.003);
      // The run goes on from there: its compliance samples join the saved series, stamped after it.
      const bus = new TelemetryBus(() => 0);
      bus.events$.subscribe((event) => kpis.apply(event));
      const run = new RestockRun(store, {
        taskText: readFileSync(join(REPO, 'tasks/restock.yaml'), 'utf8'),
        taskFile: 'tasks/restock.yaml',
        continuous: true,
        telemetry: bus,
        life: { shopperItemsPerHour: 0 },
      });
      run.start();
      sim.runFor(500);
      run.stop();
      const k = kpis.snapshot();
      expect(k.startSimTimeMs).toBe(0);
      expect(k.complianceSeries.slice(0, saved.kpis.series.length)).toEqual(saved.kpis.series);
      expect(k.complianceSeries.at(-1)![0]).toBeGreaterThanOrEqual(saved.sim.timeMs);
    } finally {
      store.free();
    }
  }, 120_000);
});
