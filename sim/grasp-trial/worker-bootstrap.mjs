// Worker threads run plain Node: register tsx's loader first, then load the TypeScript worker. Resolving tsx from
// this file's location works under vitest, `node bin/embody.mjs` and from any working directory.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
