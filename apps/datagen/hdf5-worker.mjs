// Writes HDF5 files with h5wasm in a plain-Node worker thread. Plain .mjs on purpose: under tsx's loader the
// 4 MB h5wasm module takes 5-10 s to import (it is transformed on every load), natively about 0.5 s.
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';

// h5wasm reports nothing to JavaScript when a write fails: HDF5 prints its error stack (hundreds of lines per
// failed call) straight to fd 2 through Node's fs.writeSync, and carries on. Route fd 2 into the current job's
// diagnostics instead, and remember the errno of any failed write, so a job can tell it failed and say why in one
// line. This thread's `fs` is its own module instance: the main thread's stderr is untouched.
const job = { diagnostics: '', errnoCode: undefined };
const writeSync = fs.writeSync.bind(fs);
fs.writeSync = (fd, buffer, ...rest) => {
  if (fd === 2) {
    const text =
      typeof buffer === 'string'
        ? buffer
        : Buffer.from(buffer.buffer, buffer.byteOffset, rest[1] ?? buffer.byteLength).toString();
    if (job.diagnostics.length < 64 * 1024) job.diagnostics += text;
    return typeof buffer === 'string' ? Buffer.byteLength(buffer) : (rest[1] ?? buffer.byteLength);
  }
  try {
    return writeSync(fd, buffer, ...rest);
  } catch (error) {
    job.errnoCode ??= error?.code;
    throw error;
  }
};

const { default: h5wasm } = await import('h5wasm/node');
await h5wasm.ready;

function groupFor(file, path) {
  let group = file;
  for (const part of path.split('/').slice(0, -1)) {
    const existing = group.get(part);
    group = existing instanceof h5wasm.Group ? existing : group.create_group(part);
  }
  return group;
}

/** Throws when HDF5 reported a problem since the job began: its own words, kept to the one line that matters. */
function check(path, step) {
  if (job.diagnostics === '' && job.errnoCode === undefined) return;
  const errno = /error message = '([^']+)'/.exec(job.diagnostics)?.[1];
  const minor = /minor: (.+)/.exec(job.diagnostics)?.[1];
  const error = new Error(`HDF5 could not ${step} ${path}: ${errno ?? minor ?? 'unknown error'}`);
  error.code = job.errnoCode;
  throw error;
}

function write({ path, items }) {
  job.diagnostics = '';
  job.errnoCode = undefined;
  // HDF5 stamps object headers with the wall clock: pin it so the same data gives byte-identical files.
  const now = Date.now;
  Date.now = () => 0;
  let file;
  try {
    file = new h5wasm.File(path, 'w');
    if (file.file_id < 0n) job.diagnostics ||= 'minor: cannot create the file';
    check(path, 'create');
    for (const item of items) {
      const name = item.path.split('/').pop();
      if (item.kind === 'attribute') file.get(item.path.slice(0, -name.length - 1)).create_attribute(name, item.value);
      else if (item.kind === 'string') groupFor(file, item.path).create_dataset({ name, data: item.value });
      else groupFor(file, item.path).create_dataset({ name, data: item.data, shape: item.shape, dtype: item.dtype });
      check(path, `write ${item.path} in`);
    }
  } catch (error) {
    // A failed HDF5 call can surface as a JavaScript error one step later (a group that was never made is null):
    // report HDF5's reason when it gave one.
    check(path, 'write');
    throw error;
  } finally {
    const status = file === undefined || file.file_id < 0n ? 0 : file.close();
    Date.now = now;
    if (Number(status) < 0) job.diagnostics ||= 'minor: closing the file failed';
  }
  check(path, 'finish');
}

parentPort.on('message', (message) => {
  try {
    write(message);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error?.message ?? error), code: error?.code });
  }
});
