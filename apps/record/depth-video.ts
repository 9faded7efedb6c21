import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { DEPTH_ENCODING } from './lerobot-format.ts';

// Depth frames as LeRobot stores them: each depth quantised to a 12-bit code on a log scale
// (code = round(4095 · (ln(d + shift) - ln(dmin + shift)) / (ln(dmax + shift) - ln(dmin + shift)))), packed as
// 12-bit grey pixels and encoded with HEVC in lossless mode, so decoding gives back the codes exactly.

const QMAX = (1 << DEPTH_ENCODING.quantBits) - 1;
const LOG_MIN = Math.log(DEPTH_ENCODING.depthMinM + DEPTH_ENCODING.shiftM);
const LOG_SPAN = Math.log(DEPTH_ENCODING.depthMaxM + DEPTH_ENCODING.shiftM) - LOG_MIN;

/**
 * The 12-bit code of a depth in metres. A ray that hit nothing (NaN) reads as the far end of the range, which is
 * what the sensor reports: nothing closer than its range.
 */
export function depthCode(depthM: number): number {
  if (Number.isNaN(depthM)) return QMAX;
  const norm = (Math.log(depthM + DEPTH_ENCODING.shiftM) - LOG_MIN) / LOG_SPAN;
  return Math.min(QMAX, Math.max(0, roundHalfEven(norm * QMAX)));
}

/** The depth in metres a 12-bit code stands for. */
export function codeDepthM(code: number): number {
  return Math.exp((code / QMAX) * LOG_SPAN + LOG_MIN) - DEPTH_ENCODING.shiftM;
}

/** numpy's `rint`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Frames of depth in metres as 12-bit codes, one Uint16 per pixel (the gray12le layout, little-endian). */
export function quantizeFrames(framesDepthM: readonly Float32Array[]): Uint16Array {
  const size = framesDepthM[0]?.length ?? 0;
  const codes = new Uint16Array(size * framesDepthM.length);
  framesDepthM.forEach((frame, f) => {
    for (let i = 0; i < size; i++) codes[f * size + i] = depthCode(frame[i]!);
  });
  return codes;
}

/** The ffmpeg arguments of lerobot's depth encoder, plus what makes the bytes reproducible run to run. */
export const X265_PARAMS = `${DEPTH_ENCODING.x265Params}:pools=none:frame-threads=1:log-level=error`;

/** Encodes codes (`frames` × `widthPx` × `heightPx`) into an HEVC gray12le MP4 at `fps` frames per second. */
export async function encodeDepthVideo(
  path: string,
  codes: Uint16Array,
  widthPx: number,
  heightPx: number,
  fps: number,
): Promise<void> {
  await ffmpeg(
    [
      ...['-f', 'rawvideo', '-pix_fmt', DEPTH_ENCODING.pixFmt, '-s', `${widthPx}x${heightPx}`, '-r', String(fps)],
      ...['-i', 'pipe:0', '-c:v', DEPTH_ENCODING.ffmpegEncoder, '-pix_fmt', DEPTH_ENCODING.pixFmt],
      ...['-g', String(DEPTH_ENCODING.gopSize), '-crf', String(DEPTH_ENCODING.crf), '-x265-params', X265_PARAMS],
      ...BITEXACT,
      ...['-f', 'mp4', path],
    ],
    new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength),
  );
}

/** Joins MP4s of the same stream parameters into one, without re-encoding (ffmpeg's concat demuxer). */
export async function concatVideos(paths: readonly string[], out: string): Promise<void> {
  const listPath = `${out}.concat.txt`;
  writeFileSync(listPath, paths.map((p) => `file '${p.replaceAll("'", "'\\''")}'\n`).join(''));
  try {
    await ffmpeg(['-f', 'concat', '-safe', '0', '-i', listPath, '-c', 'copy', ...BITEXACT, '-f', 'mp4', out]);
  } finally {
    rmSync(listPath, { force: true });
  }
}

/** Decodes an MP4 written by `encodeDepthVideo` back to its 12-bit codes. */
export async function decodeDepthVideo(path: string): Promise<Uint16Array> {
  const bytes = await ffmpeg(['-i', path, '-f', 'rawvideo', '-pix_fmt', DEPTH_ENCODING.pixFmt, 'pipe:1']);
  return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
}

// Leave out what would differ run to run (muxer metadata), so a resumed recording is byte-equal to a straight one.
const BITEXACT = ['-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1'];

/** Runs ffmpeg with `stdin` piped in; resolves to its stdout. */
function ffmpeg(args: readonly string[], stdin?: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // In a process group of its own, so the Ctrl-C meant for the recorder does not cut a video short: the
    // recorder stops between episodes instead.
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('cameras are stored as MP4 videos, which needs ffmpeg (Debian package ffmpeg) on the PATH')
          : error,
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve(new Uint8Array(Buffer.concat(out)));
      else reject(new Error(`ffmpeg ${signal ?? `exited ${code}`}: ${Buffer.concat(err).toString().trim()}`));
    });
    if (stdin !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(stdin);
    }
  });
}
