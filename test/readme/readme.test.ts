import { describeReadme } from './readme-runner.ts';

// README.md, run the way a new user pastes it, in a fresh copy of the repository. What runs differently:
describeReadme('README.md', {
  'npm install && npm test': {
    skip: 'recursion',
    why: 'skipped: it is this test suite (CI runs it, .ci/run)',
  },
  'npm install && npm start': {
    run: 'npm start -- --hours 0.01',
    why: 'dependencies are in place (the node_modules npm ci installed); --hours 0.01: 36 s of the quarter hour of sim time',
  },
  'npm run view': {
    skip: 'server',
    why: 'skipped: it serves until Ctrl-C; test/viewer/console.test.ts builds, serves and drives the same page in Chromium',
  },
  'npm run build:console && python3 -m http.server -d apps/viewer/dist 8080': {
    run: 'npm run build:console',
    why: 'the build only: the server runs until Ctrl-C (the console test serves the built files with a real server)',
  },
  'node bin/embody.mjs datagen --objects can-330ml,tea-box,cereal-box --effector parallel --grasps-per-object 200 --seed 1 --workers 2 --out out/grasps':
    {
      run: 'node bin/embody.mjs datagen --objects can-330ml,tea-box,cereal-box --effector parallel --grasps-per-object 200 --seed 1 --workers 2 --out out/grasps --grasps-per-object 8 --workers 0',
      why: 'with --grasps-per-object 8 --workers 0 appended (the last of a repeated flag wins): the same files, fewer trials',
    },
  'BENCH_SOAK_HOURS=24 nice node bin/run-ts.mjs bench/restock-soak.ts': {
    skip: 'hours',
    why: 'skipped: a day of sim time, an hour or more of wall time',
  },
  'node bin/embody.mjs worker --queue redis://127.0.0.1:6390/0 --workers 2 &': {
    run: 'node bin/embody.mjs worker --queue redis://127.0.0.1:6390/0 --workers 2 > worker.log 2>&1 & echo $! > worker.pid',
    why: 'each line runs in its own shell: the worker writes to a file, so the line returns, and its pid is kept',
  },
  // Both the worker's and the server's sections end with `kill %1`: each stops the one background job whose pid
  // file is left.
  'kill %1': {
    run: 'for f in *.pid; do kill "$(cat "$f")"; rm "$f"; done',
    why: 'the background job started in another shell: stopped by the pid it left',
  },
  'node bin/embody.mjs verify out/grasps --sample 200': {
    run: 'node bin/embody.mjs verify out/grasps --sample 200 --sample 8',
    why: 'with --sample 8 appended: the same report on fewer replays',
  },
  'npm run bench': {
    skip: 'minutes',
    why: 'skipped: minutes of benchmarks; its longest part runs below, one robot, two seeds',
  },
  // Each line runs in its own shell: the server's pid is kept for the kill, and the run waits until it listens.
  'node bin/embody.mjs serve --scene scenes/tabletop.yaml > serve.log 2>&1 &': {
    run: 'node bin/embody.mjs serve --scene scenes/tabletop.yaml > serve.log 2>&1 & echo $! > serve.pid',
    why: 'its pid kept for the kill below',
  },
  'node bin/embody.mjs run tasks/tabletop-pick-and-place.yaml --backend ros --robot examples/robots/tabletop-serve.yaml --scene scenes/tabletop.yaml':
    {
      run:
        'for i in $(seq 600); do grep -q "on ws://" serve.log && break; sleep 0.2; done; ' +
        'node bin/embody.mjs run tasks/tabletop-pick-and-place.yaml --backend ros --robot examples/robots/tabletop-serve.yaml --scene scenes/tabletop.yaml',
      why: 'once the server above listens',
    },
  // The queue's and the shards' runs with fewer trials: 8 grasps per object in chunks of 4 keep each object's two
  // chunks (32 in the default 16), so the queue still has several shards and each static shard two chunks.
  'node bin/embody.mjs datagen --objects can-330ml,tea-box --grasps-per-object 32 --seed 1 --out out/grasps-queue --queue redis://127.0.0.1:6390/0':
    {
      run: 'node bin/embody.mjs datagen --objects can-330ml,tea-box --grasps-per-object 32 --seed 1 --out out/grasps-queue --queue redis://127.0.0.1:6390/0 --grasps-per-object 8 --chunk-size 4',
      why: 'with --grasps-per-object 8 --chunk-size 4 appended: the same shards and files, fewer trials',
    },
  'node bin/embody.mjs datagen --objects can-330ml,tea-box --grasps-per-object 32 --seed 1 --out out/grasps-shards --shard 0/2':
    {
      run: 'node bin/embody.mjs datagen --objects can-330ml,tea-box --grasps-per-object 32 --seed 1 --out out/grasps-shards --shard 0/2 --grasps-per-object 8 --chunk-size 4 --workers 0',
      why: 'with --grasps-per-object 8 --chunk-size 4 --workers 0 appended: the same shard of the same chunks, fewer trials, run in-process',
    },
  'node bin/embody.mjs datagen --objects can-330ml,tea-box --grasps-per-object 32 --seed 1 --out out/grasps-shards --shard 1/2':
    {
      run: 'node bin/embody.mjs datagen --objects can-330ml,tea-box --grasps-per-object 32 --seed 1 --out out/grasps-shards --shard 1/2 --grasps-per-object 8 --chunk-size 4 --workers 0',
      why: 'with --grasps-per-object 8 --chunk-size 4 --workers 0 appended: the same shard of the same chunks, fewer trials, run in-process',
    },
  'node bin/embody.mjs record --task tasks/tabletop-pick-and-place.yaml --scene scenes/tabletop.yaml --episodes 3 --seed 1 --out out/tabletop-lerobot':
    {
      run: 'node bin/embody.mjs record --task tasks/tabletop-pick-and-place.yaml --scene scenes/tabletop.yaml --episodes 3 --seed 1 --out out/tabletop-lerobot --episodes 1',
      why: 'with --episodes 1 appended: the same dataset files, one episode (test/record records several and resumes them)',
    },
  'BENCH_TASK=tabletop BENCH_SEEDS=10 node bin/run-ts.mjs bench/pick-and-place.ts': {
    run: 'BENCH_TASK=tabletop BENCH_SEEDS=2 node bin/run-ts.mjs bench/pick-and-place.ts',
    why: 'with BENCH_SEEDS=2',
  },
});
