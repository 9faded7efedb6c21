import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadScene } from '../scenes/load-scene.ts';
import { createSimulation, type Simulation } from '../sim/build-scene.ts';
import type { SimArm } from '../sim/sim-arm.ts';
import type { SimMobileBase } from '../sim/sim-base.ts';
import type { SimDepthCamera } from '../sim/sim-camera.ts';

// Sim step benchmark: steps/s and real-time factor with the robot moving, sleeping on and off.
// Run: node bin/run-ts.mjs bench/sim-step.ts

const SIM_SECONDS = 3;
const RUNS = 3;

const scenePath = (name: string): string => fileURLToPath(new URL(`../scenes/${name}.yaml`, import.meta.url));

/** Keeps the robot busy: the arm swings between two poses, a mobile base drives up and down the aisle. */
function keepMoving(s: Simulation): void {
  const robot = [...s.robots.values()][0];
  if (robot === undefined) return;
  const base = robot.parts.base as SimMobileBase | undefined;
  if (base !== undefined) {
    const home = base.pose();
    let out = true;
    const drive = (): void => {
      const goal = { x: home.x, y: home.y + (out ? 0.8 : 0), yawRad: home.yawRad };
      out = !out;
      base.goTo(goal).execution$.subscribe({ complete: drive });
    };
    drive();
    return;
  }
  const arm = robot.parts.arms[0] as SimArm | undefined;
  if (arm === undefined) return;
  const home = [...arm.currentState().positions];
  let out = true;
  const swing = (): void => {
    const positions = home.map((q, i) => (i === 0 && out ? q + 0.6 : q));
    out = !out;
    arm.moveJoints({ positions, velocityScale: 0.5 }).execution$.subscribe({ complete: swing });
  };
  swing();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function measure(name: string, sleeping: boolean): Promise<{ stepsPerS: number; stepUs: number; rtf: number }> {
  const scene = await loadScene(scenePath(name));
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const s = await createSimulation(scene, { seed: 1, sleeping });
    keepMoving(s);
    s.sim.runFor(500); // settle and warm up
    const steps = Math.round(SIM_SECONDS / s.sim.dtS);
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) s.sim.step();
    const wallS = (performance.now() - t0) / 1000;
    rates.push(steps / wallS);
    s.free();
  }
  const stepsPerS = median(rates);
  return { stepsPerS, stepUs: 1e6 / stepsPerS, rtf: stepsPerS / 240 };
}

async function cameraFrameMs(): Promise<number> {
  const s = await createSimulation(await loadScene(scenePath('retail-aisle')), { seed: 1 });
  s.sim.runFor(100);
  const camera = [...s.robots.values()][0]?.parts.cameras[0] as SimDepthCamera | undefined;
  if (camera === undefined) return Number.NaN;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    camera.render();
    times.push(performance.now() - t0);
  }
  s.free();
  return median(times);
}

/** Prints steps/s, step cost and real-time factor for the shipped scenes with the robot moving. */
export async function runSimBench(): Promise<void> {
  // Warm-up so V8's WASM tier-up does not land in the first measurement.
  await measure('tabletop', true);
  console.log(`sim-step: median of ${RUNS} runs × ${SIM_SECONDS} s sim time, 240 Hz, robot moving`);
  for (const name of ['tabletop', 'retail-aisle']) {
    for (const sleeping of [true, false]) {
      const r = await measure(name, sleeping);
      console.log(
        `  ${name.padEnd(13)} sleeping ${sleeping ? 'on ' : 'off'}  ${r.stepsPerS.toFixed(0).padStart(6)} steps/s  ${r.stepUs.toFixed(0).padStart(5)} µs/step  ${r.rtf.toFixed(1).padStart(5)}× real time`,
      );
    }
  }
  console.log(`  depth frame 160×120 (retail aisle, head camera): ${(await cameraFrameMs()).toFixed(1)} ms`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await runSimBench();
