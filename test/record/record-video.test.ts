import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeDepthM, decodeDepthVideo, depthCode } from '../../apps/record/depth-video.ts';
import { recordCommand } from '../../apps/record/record-command.ts';
import { readInfo, readParquet, textSink, type ParquetFile } from './read-dataset.ts';

// Depth cameras recorded as LeRobot depth videos (12-bit log-quantised, HEVC lossless) by Debian's ffmpeg, read
// back with ffprobe and ffmpeg. Small frames at 10 fps keep the ray-cast camera cheap.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FPS = 10;
const [W, H] = [24, 16];
const VIDEO = 'videos/observation.images.head/chunk-000/file-000.mp4';

let out: string;
let episodes: ParquetFile;

beforeAll(async () => {
  out = join(mkdtempSync(join(tmpdir(), 'embody-record-video-')), 'ds');
  const stderr = textSink();
  const code = await recordCommand(
    [
      ...['--task', 'test/record/fixtures/box-to-a.yaml', '--scene', 'scenes/tabletop.yaml', '--out', out],
      ...['--episodes', '2', '--seed', '3', '--fps', String(FPS), '--camera', 'head', '--camera-size', `${W}x${H}`],
      '--no-progress',
    ],
    { stdout: textSink(), stderr, cwd: ROOT },
  );
  expect(code, stderr.text).toBe(0);
  episodes = await readParquet(join(out, 'meta/episodes/chunk-000/file-000.parquet'));
}, 180_000);

function probe(path: string): Record<string, string> {
  const result = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,pix_fmt,width,height,nb_frames,r_frame_rate',
      '-of',
      'json',
      path,
    ],
    { encoding: 'utf8' },
  );
  return (JSON.parse(result.stdout) as { streams: Record<string, string>[] }).streams[0]!;
}

describe('embody record: depth cameras', () => {
  it('declares a depth video feature lerobot can decode', () => {
    const feature = readInfo(out).features['observation.images.head']!;
    expect(feature.dtype).toBe('video');
    expect(feature.shape).toEqual([H, W, 1]);
    expect(feature.names).toEqual(['height', 'width', 'channels']);
    expect(feature.info).toMatchObject({
      is_depth_map: true,
      'video.codec': 'hevc',
      'video.pix_fmt': 'gray12le',
      'video.fps': FPS,
      'video.depth_min': 0.01,
      'video.depth_max': 10,
      'video.shift': 3.5,
      'video.use_log': true,
    });
    expect(readInfo(out).video_path).toBe('videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4');
  });

  it('writes one MP4 holding every frame of both episodes, at the offsets meta/episodes gives', () => {
    const info = readInfo(out);
    const stream = probe(join(out, VIDEO));
    expect(stream).toMatchObject({ codec_name: 'hevc', pix_fmt: 'gray12le', width: W, height: H });
    expect(Number(stream.nb_frames)).toBe(info.total_frames);
    expect(stream.r_frame_rate).toBe(`${FPS}/1`);
    const [first, second] = episodes.rows;
    const key = 'videos/observation.images.head';
    expect(first![`${key}/from_timestamp`]).toBe(0);
    expect(first![`${key}/to_timestamp`]).toBeCloseTo((first!.length as number) / FPS, 9);
    expect(second![`${key}/from_timestamp`]).toBeCloseTo(first![`${key}/to_timestamp`] as number, 9);
    expect(second![`${key}/to_timestamp`]).toBeCloseTo(info.total_frames / FPS, 9);
  });

  it('decodes to the staged frames exactly, and to depths of the table in front of the robot', async () => {
    const codes = await decodeDepthVideo(join(out, VIDEO));
    const frame = W * H;
    const first = episodes.rows[0]!;
    const staged = await decodeDepthVideo(join(out, '.embody/attempts/attempt-000001/head.mp4'));
    const offset = (first.length as number) * frame;
    expect([...codes.subarray(offset, offset + staged.length)]).toEqual([...staged]);
    // The head view looks down at the table: the middle of the first frame is a surface a metre or so away.
    const middle = codeDepthM(codes[(H / 2) * W + W / 2]!);
    expect(middle).toBeGreaterThan(0.3);
    expect(middle).toBeLessThan(2.5);
    const stats = JSON.parse(readFileSync(join(out, 'meta/stats.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    const min = stats['observation.images.head']!.min as number[][][];
    expect(min).toHaveLength(1);
    expect(min[0]![0]![0]).toBeGreaterThan(0.1);
  });

  it('quantises depth on the log scale lerobot uses, 12 bits from 1 cm to 10 m', () => {
    for (let code = 0; code < 4096; code++) expect(depthCode(codeDepthM(code))).toBe(code);
    // One code step is (d + 3.5 m) · ln(13.5 / 3.51) / 4095: 1.2 mm near the camera, 4 mm at 9 m.
    for (const depthM of [0.05, 0.3, 1, 2.5, 9]) {
      const halfStepM = ((depthM + 3.5) * Math.log(13.5 / 3.51)) / 4095 / 2;
      expect(Math.abs(codeDepthM(depthCode(depthM)) - depthM)).toBeLessThanOrEqual(halfStepM * 1.01);
    }
    expect(depthCode(Number.NaN)).toBe(4095);
    expect(depthCode(50)).toBe(4095);
  });
});
