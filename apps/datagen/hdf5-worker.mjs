// Writes HDF5 files with h5wasm in a plain-Node worker thread. Plain .mjs on purpose: under tsx's loader the
// 4 MB h5wasm module takes 5-10 s to import (it is transformed on every load), natively about 0.5 s.
import { parentPort } from 'node:worker_threads';
import h5wasm from 'h5wasm/node';

await h5wasm.ready;

function groupFor(file, path) {
  let group = file;
  for (const part of path.split('/').slice(0, -1)) {
    const existing = group.get(part);
    group = existing instanceof h5wasm.Group ? existing : group.create_group(part);
  }
  return group;
}

function write({ path, items }) {
  // HDF5 stamps object headers with the wall clock: pin it so the same data gives byte-identical files.
  const now = Date.now;
  Date.now = () => 0;
  const file = new h5wasm.File(path, 'w');
  try {
    for (const item of items) {
      const name = item.path.split('/').pop();
      if (item.kind === 'attribute') file.get(item.path.slice(0, -name.length - 1)).create_attribute(name, item.value);
      else if (item.kind === 'string') groupFor(file, item.path).create_dataset({ name, data: item.value });
      else groupFor(file, item.path).create_dataset({ name, data: item.data, shape: item.shape, dtype: item.dtype });
    }
  } finally {
    file.close();
    Date.now = now;
  }
}

parentPort.on('message', (job) => {
  try {
    write(job);
    parentPort.postMessage({ id: job.id });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error?.stack ?? error) });
  }
});
