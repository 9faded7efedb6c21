// The held-load creep the robot's world takes 8 solver substeps against (sim/README.md: "at 4, a box held through
// the compliant wrist creeps in the grip and the wrist reading wanders by ~20 %"), measured per solver variant: the
// rig of test/sim/wrist.test.ts (a 60 mm box of 0.5 kg squeezed at 20 N, lifted 0.1 m over 1 s, settled 0.5 s), held still 4 s.
// Prints how far the box moved in the hand over the hold and the spread of the wrist's reading against its weight.
// BENCH_CREEP_SOLVER: the variants (substeps × inner iterations, default 8x1,4x2,4x1); BENCH_CREEP_FRICTION the
// box's μ values (default 1,0.15).
import { Matrix4, Vector3 } from 'three';
import { addStaticBox, bodyPose } from '../sim/bodies.ts';
import { SimWorld } from '../sim/sim-world.ts';
import { makePose } from '../src/math/pose.ts';
import { addBox, gripperRig, moveFlange, PAD_DROP_M, runMotion } from '../sim/hand-rigs.ts';
import { parseSolverVariants, solverVariantName } from './solver-variants.ts';

const MASS_KG = 0.5;
const HOLD_STEPS = 960;

function boxInHand(sim: SimWorld, hand: number, box: number): Vector3 {
  const h = bodyPose(sim, hand);
  const toHand = new Matrix4().compose(h.position, h.quaternion, new Vector3(1, 1, 1)).invert();
  return bodyPose(sim, box).position.clone().applyMatrix4(toHand);
}

async function heldCreep(solverIterations: number, internalPgsIterations: number, friction: number) {
  const sim = await SimWorld.create({ sleeping: false, solverIterations, internalPgsIterations });
  addStaticBox(sim, { id: 'floor', poseInWorld: makePose([0, 0, -0.05]), halfExtentsM: [2, 2, 0.05], friction: 0.8 });
  const rig = gripperRig(sim, makePose([0, 0, 0.035 + PAD_DROP_M]));
  const box = addBox(sim, 'box', [0.06, 0.06, 0.06], [0, 0, 0.03], MASS_KG, friction);
  sim.runFor(100);
  rig.wrist.tare();
  const closed = runMotion(sim, rig.gripper.close(20, 0.15).execution$, 2000);
  moveFlange(rig, [0, 0, 0.1], 1000);
  // The wrist test's settling time after the lift, so the hold starts at rest.
  sim.runFor(500);
  const start = boxInHand(sim, rig.hand, box.bodyHandle);
  const fz: number[] = [];
  for (let i = 0; i < HOLD_STEPS; i++) {
    sim.step();
    fz.push(-rig.wrist.currentWrench().forceN[2]);
  }
  const creepMm = 1000 * boxInHand(sim, rig.hand, box.bodyHandle).distanceTo(start);
  const dropped = bodyPose(sim, box.bodyHandle).position.z < 0.05;
  sim.free();
  const weight = MASS_KG * 9.81;
  const pct = (x: number) => `${((100 * x) / weight).toFixed(1)} %`;
  return `closed ${closed === 'completed' ? 'yes' : String(closed)}, ${dropped ? 'DROPPED, ' : ''}creep over ${HOLD_STEPS / 240} s ${creepMm.toFixed(2)} mm, wrist z ${pct(Math.min(...fz))}–${pct(Math.max(...fz))} of the weight`;
}

export async function runHeldCreepBench(): Promise<void> {
  const variants = parseSolverVariants(process.env.BENCH_CREEP_SOLVER ?? '8x1,4x2,4x1', 'BENCH_CREEP_SOLVER');
  const frictions = (process.env.BENCH_CREEP_FRICTION ?? '1,0.15').split(',').map(Number);
  console.log(`held-load creep in the robot's world, ${MASS_KG} kg box at 20 N (substeps × inner iterations):`);
  for (const v of variants)
    for (const mu of frictions)
      console.log(
        `  ${solverVariantName(v).padEnd(6)} μ ${mu}: ${await heldCreep(v.solverIterations, v.internalPgsIterations, mu)}`,
      );
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly) await runHeldCreepBench();
