import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConditionRangesSchema, drawConditions } from '../../apps/record/episode-conditions.ts';
import { replayEpisode } from '../../apps/record/episode-replay.ts';
import { openEpisodeWorld } from '../../apps/record/episode-run.ts';
import { InfoSchema } from '../../apps/record/lerobot-format.ts';
import { recordCommand } from '../../apps/record/record-command.ts';
import { attemptRandom } from '../../apps/record/record-run.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { readInfo, readParquet, textSink, type ParquetFile } from './read-dataset.ts';

// Three short pick-and-place episodes on the tabletop, recorded by the real command into a real folder and read
// back with hyparquet; then each episode's actions are replayed in a fresh sim.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TASK = 'test/record/fixtures/box-to-a.yaml';
const SCENE = 'scenes/tabletop.yaml';
const SEED = 4;
const FPS = 30;
const EPISODES = 3;

let out: string;
let data: ParquetFile;
let episodes: ParquetFile;

beforeAll(async () => {
  out = join(mkdtempSync(join(tmpdir(), 'embody-record-')), 'tabletop');
  const stdout = textSink();
  const stderr = textSink();
  const code = await recordCommand(
    ['--task', TASK, '--scene', SCENE, '--episodes', String(EPISODES), '--seed', String(SEED), '--out', out],
    { stdout, stderr, cwd: ROOT },
  );
  expect(stderr.text).toContain(`${EPISODES}/${EPISODES} episodes`);
  expect(code, stderr.text).toBe(0);
  data = await readParquet(join(out, 'data/chunk-000/file-000.parquet'));
  episodes = await readParquet(join(out, 'meta/episodes/chunk-000/file-000.parquet'));
}, 180_000);

const num = (row: Record<string, unknown>, key: string): number => row[key] as number;

describe('embody record: the LeRobot v3.0 dataset', () => {
  it('writes meta/info.json that validates against the v3.0 schema and counts what data/ holds', () => {
    const info = readInfo(out);
    expect(info.codebase_version).toBe('v3.0');
    expect(info.robot_type).toBe('ur_arm');
    expect(info.fps).toBe(FPS);
    expect(info.total_episodes).toBe(EPISODES);
    expect(info.total_frames).toBe(data.rows.length);
    expect(info.splits).toEqual({ train: `0:${EPISODES}` });
    expect(info.video_path).toBeNull();
    const state = info.features['observation.state']!;
    expect(state.names).toEqual([
      'shoulder_pan_joint.pos_rad',
      'shoulder_lift_joint.pos_rad',
      'elbow_joint.pos_rad',
      'wrist_1_joint.pos_rad',
      'wrist_2_joint.pos_rad',
      'wrist_3_joint.pos_rad',
      'gripper.width_m',
    ]);
    expect(info.features.action!.names).toContain('arm.velocity_scale');
    expect(info.features['observation.wrench']!.shape).toEqual([6]);
    expect(Object.keys(info.features).slice(-5)).toEqual([
      'timestamp',
      'frame_index',
      'episode_index',
      'index',
      'task_index',
    ]);
  });

  it('refuses an info.json that breaks the v3.0 fields', () => {
    const info = JSON.parse(readFileSync(join(out, 'meta/info.json'), 'utf8')) as Record<string, unknown>;
    expect(InfoSchema.safeParse({ ...info, codebase_version: 'v2.1' }).success).toBe(false);
    const features = { ...(info.features as Record<string, unknown>) };
    delete features.frame_index;
    expect(InfoSchema.safeParse({ ...info, features }).success).toBe(false);
    expect(InfoSchema.safeParse({ ...info, video_path: 'videos/x.mp4' }).success).toBe(false);
  });

  it('stores frames with the declared columns and types, one row group per episode', () => {
    const byName = Object.fromEntries(data.columns.map((c) => [c.name, c]));
    expect(data.columns.map((c) => c.name)).toEqual([
      'observation.state',
      'action',
      'observation.wrench',
      'next.success',
      'next.done',
      'timestamp',
      'frame_index',
      'episode_index',
      'index',
      'task_index',
    ]);
    expect(byName['observation.state']!.list).toBe(true);
    expect(byName.timestamp!.type).toBe('FLOAT');
    expect(byName.index!.type).toBe('INT64');
    expect(byName['next.success']!.type).toBe('BOOLEAN');
    expect(data.rowGroups).toEqual(episodes.rows.map((e) => num(e, 'length')));
  });

  it('numbers frames per episode, with monotone timestamps at the declared fps', () => {
    for (const episode of episodes.rows) {
      const from = num(episode, 'dataset_from_index');
      const to = num(episode, 'dataset_to_index');
      expect(to - from).toBe(num(episode, 'length'));
      const rows = data.rows.slice(from, to);
      rows.forEach((row, i) => {
        expect(num(row, 'episode_index')).toBe(num(episode, 'episode_index'));
        expect(num(row, 'index')).toBe(from + i);
        expect(num(row, 'frame_index')).toBe(i);
        expect(num(row, 'timestamp')).toBeCloseTo(i / FPS, 5);
        if (i > 0) expect(num(row, 'timestamp')).toBeGreaterThan(num(rows[i - 1]!, 'timestamp'));
      });
      // Ten seconds or so of a pick-and-place, not a stub.
      expect(rows.length).toBeGreaterThan(5 * FPS);
    }
    expect(episodes.rows.map((e) => num(e, 'episode_index'))).toEqual([0, 1, 2]);
    expect(num(episodes.rows.at(-1)!, 'dataset_to_index')).toBe(data.rows.length);
  });

  it('marks success on the last frame and says why an episode failed', () => {
    for (const episode of episodes.rows) {
      const rows = data.rows.slice(num(episode, 'dataset_from_index'), num(episode, 'dataset_to_index'));
      const success = episode.success as boolean;
      expect(rows.map((r) => r['next.success'])).toEqual(rows.map((_, i) => success && i === rows.length - 1));
      expect(rows.at(-1)!['next.done']).toBe(true);
      expect(episode.failure_reason).toBe(success ? '' : expect.any(String));
      expect(episode.tasks).toEqual(['Put the wooden box on target A.']);
      const draws = JSON.parse(episode.start_conditions as string) as { id: string; dxM: number }[];
      expect(draws.find((d) => d.id === 'box-1')!.dxM).not.toBe(0);
    }
    // The three starts differ, so the episodes do.
    expect(new Set(episodes.rows.map((e) => num(e, 'length'))).size).toBeGreaterThan(1);
  });

  it('writes the task table the way pandas reads it, and stats that match the frames', async () => {
    const tasks = await readParquet(join(out, 'meta/tasks.parquet'));
    expect(tasks.rows).toEqual([{ task_index: 0, task: 'Put the wooden box on target A.' }]);
    expect(JSON.parse(tasks.kv.pandas!)).toMatchObject({ index_columns: ['task'] });
    const stats = JSON.parse(readFileSync(join(out, 'meta/stats.json'), 'utf8')) as Record<
      string,
      Record<string, number[]>
    >;
    const states = data.rows.map((r) => r['observation.state'] as number[]);
    const dims = states[0]!.length;
    const mean = Array.from({ length: dims }, (_, d) => states.reduce((a, s) => a + s[d]!, 0) / states.length);
    const s = stats['observation.state']!;
    expect(s.count).toEqual([data.rows.length]);
    mean.forEach((m, d) => {
      expect(s.mean![d]).toBeCloseTo(m, 6);
      expect(s.min![d]).toBe(Math.min(...states.map((x) => x[d]!)));
      expect(s.q01![d]).toBeLessThanOrEqual(s.q50![d]!);
      expect(s.q50![d]).toBeLessThanOrEqual(s.q99![d]!);
    });
    expect(stats.index!.max).toEqual([data.rows.length - 1]);
    expect(stats['next.done']!.max).toEqual([true]);
    expect(episodes.rows[0]!['stats/observation.state/count']).toEqual([num(episodes.rows[0]!, 'length')]);
  });
});

describe('embody record: replaying the recorded actions', () => {
  it('reproduces the recorded states in a fresh sim', async () => {
    const scene = await loadScene(join(ROOT, SCENE));
    const info = readInfo(out);
    const names = info.features['observation.state']!.names!;
    const gripper = names.indexOf('gripper.width_m');
    for (const episode of episodes.rows) {
      const rows = data.rows.slice(num(episode, 'dataset_from_index'), num(episode, 'dataset_to_index'));
      const actions = Float32Array.from(rows.flatMap((r) => r.action as number[]));
      const random = attemptRandom(SEED, num(episode, 'attempt_index'));
      const conditions = drawConditions(scene, ConditionRangesSchema.parse({}), random.conditions);
      const world = await openEpisodeWorld(conditions.scene, FPS, SEED);
      try {
        const replay = await replayEpisode(world, actions, rows.length);
        let jointErrorRad = 0;
        let widthErrorM = 0;
        rows.forEach((row, k) => {
          const recorded = row['observation.state'] as number[];
          recorded.forEach((v, j) => {
            const error = Math.abs(v - replay.state[k * names.length + j]!);
            if (j === gripper) widthErrorM = Math.max(widthErrorM, error);
            else jointErrorRad = Math.max(jointErrorRad, error);
          });
        });
        // Joint moves replay exactly; a straight-line Cartesian move replays as a joint move to the same end,
        // which leaves the path by a few mrad mid-way.
        expect(jointErrorRad).toBeLessThan(0.02);
        expect(widthErrorM).toBeLessThan(1e-3);
        // The replayed robot executed the very same commands, frame for frame.
        expect([...replay.action]).toEqual([...actions]);
        if (episode.success === true) {
          const box = world.simulation.worldModel.object('box-1')!.poseInWorld.position;
          const target = world.simulation.worldModel.place('target/a')!.poseInWorld.position;
          expect(Math.hypot(box.x - target.x, box.y - target.y)).toBeLessThan(0.05);
        }
      } finally {
        world.simulation.free();
      }
    }
  }, 120_000);
});
