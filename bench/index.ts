// `npm run bench`: every benchmark in one run, so ratios are against baselines measured on the same machine state.
import { benchTickLoop, benchTransitions } from './graph-overhead.ts';
import { runBipedBench } from './biped.ts';
import { runDatagenBench } from './datagen.ts';
import { runLabelTransferBench } from './label-transfer.ts';
import { runDatagenQueueBench } from './datagen-queue.ts';
import { runPeersBench } from './datagen-peers.ts';
import { runDatagenProfileBench } from './datagen-profile.ts';
import { runNavigationBench } from './navigation.ts';
import { runMultiPickBench } from './multi-pick.ts';
import { runPickAndPlaceBench } from './pick-and-place.ts';
import { runConsoleFpsBench } from './console-fps.ts';
import { runRestockSoak } from './restock-soak.ts';
import { runRosBridgeBench } from './ros-bridge.ts';
import { runSceneQueryBench } from './scene-query.ts';
import { runSimBench } from './sim-step.ts';
import { runVerifyAgreementBench } from './verify-agreement.ts';
import { runPadSinkBench } from './pad-sink.ts';

console.log(`embody benchmarks — node ${process.version}, ${new Date().toISOString()}`);
console.log('');
benchTransitions();
console.log('');
benchTickLoop();
console.log('');
await runNavigationBench();
console.log('');
await runSimBench();
console.log('');
await runSceneQueryBench();
console.log('');
await runRosBridgeBench();
console.log('');
await runDatagenBench();
console.log('');
await runDatagenQueueBench();
// Datagen labels run again with the UR arm's own gripper on the tabletop (BENCH_TRANSFER_GRASPS per object).
await runLabelTransferBench();
console.log('');
await runPeersBench();
console.log('');
// Where a trial's time goes: Rapier's step against our JavaScript, and a slot's bodies, joints and contacts.
await runDatagenProfileBench();
console.log('');
// Label agreement with the MuJoCo referee on objects not tuned on (BENCH_VERIFY_GRASPS per object).
await runVerifyAgreementBench();
console.log('');
// How deep the jaw's pads sink into a squeezed box, and which of Rapier's levers moves it.
await runPadSinkBench();
console.log('');
// The operator console's frame rate in headless Chromium with the robot working.
await runConsoleFpsBench();
console.log('');
// One sim hour of continuous restocking; the 24 h soak: BENCH_SOAK_HOURS=24 node bin/run-ts.mjs bench/restock-soak.ts
await runRestockSoak(Number(process.env.BENCH_SOAK_HOURS ?? 1));
console.log('');
await runBipedBench();
console.log('');
// Last: the longest (50 seeds per robot by default; BENCH_SEEDS=N for fewer, BENCH_TASK=tabletop|retail for one).
await runPickAndPlaceBench();
console.log('');
// Several picks in one sim (BENCH_MULTI=orders,items,three picks the sets; BENCH_SEEDS seeds for orders and three).
await runMultiPickBench();
