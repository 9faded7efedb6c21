import { describeReadme } from './readme-runner.ts';

// README.md, run the way a new user pastes it, in a fresh copy of the repository. What runs differently:
describeReadme('README.md', {
  'npm install && npm test': {
    skip: 'recursion',
    why: 'skipped: it is this test suite (CI runs it, .ci/run)',
  },
  'npm install && npm start': {
    run: 'npm start',
    why: 'dependencies are in place: node_modules is the one npm ci installed for this checkout',
  },
  'node bin/embody.mjs datagen --objects can-330ml,tea-box,cereal-box --effector parallel --grasps-per-object 200 --seed 1 --workers 2 --out out/grasps':
    {
      run: 'node bin/embody.mjs datagen --objects can-330ml,tea-box,cereal-box --effector parallel --grasps-per-object 200 --seed 1 --workers 2 --out out/grasps --grasps-per-object 8 --workers 0',
      why: 'with --grasps-per-object 8 --workers 0 appended (the last of a repeated flag wins): the same files, fewer trials',
    },
  'node bin/embody.mjs verify out/grasps --sample 200': {
    run: 'node bin/embody.mjs verify out/grasps --sample 200 --sample 8',
    why: 'with --sample 8 appended: the same report on fewer replays',
  },
  'npm run bench': {
    skip: 'minutes',
    why: 'skipped: minutes of benchmarks; its longest part runs below, one robot, two seeds',
  },
  'BENCH_TASK=tabletop BENCH_SEEDS=10 node bin/run-ts.mjs bench/pick-and-place.ts': {
    run: 'BENCH_TASK=tabletop BENCH_SEEDS=2 node bin/run-ts.mjs bench/pick-and-place.ts',
    why: 'with BENCH_SEEDS=2',
  },
});
