import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// What the heap holds alive, for the tests that check an operator keeps nothing of a finished run. `heapUsed` alone
// counts garbage the collector has not come to yet, and how much of it there is depends on the worker: in one that
// shares its modules with the sim tests (vite.config.ts) a million failed retries read 62 MB of growth that a full
// collection frees. Collected first, the reading is what is still reachable.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The heap's live size after a full collection, MB. */
export function liveHeapMB(): number {
  collect();
  return process.memoryUsage().heapUsed / 1e6;
}
