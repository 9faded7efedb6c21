import { readFileSync } from 'node:fs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { KinematicChain } from '../../src/kinematics/chain.ts';
import { solveIk } from '../../src/kinematics/ik.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { seededRandom } from '../../src/math/random.ts';

const arm7 = KinematicChain.fromModel(
  parseUrdf(readFileSync(new URL('../fixtures/urdf/arm7.urdf', import.meta.url), 'utf8')),
  'arm7_base',
  'arm7_tcp',
);
const NOMINAL_SEED = [0, -0.3, 0, -2.2, 0, 2.0, 0.785];
const POSITION_TOLERANCE_M = 1e-4;
const ROTATION_TOLERANCE_RAD = 1e-3;
const SAMPLES = 60;

/** Height of the elbow (joint 4's origin) in the arm's base frame, from FK of the links, not the chain helper. */
function elbowZ(q: readonly number[]): number {
  return new Vector3().setFromMatrixPosition(arm7.linkPosesInBase(q).get('arm7_link4')!).z;
}

function poseDistance(a: Matrix4, b: Matrix4): { positionM: number; rotationRad: number } {
  const [pa, pb] = [new Vector3().setFromMatrixPosition(a), new Vector3().setFromMatrixPosition(b)];
  const [qa, qb] = [new Quaternion().setFromRotationMatrix(a), new Quaternion().setFromRotationMatrix(b)];
  return { positionM: pa.distanceTo(pb), rotationRad: qa.angleTo(qb) };
}

const points: Vector3[] = [];
const elbowLow = { cost: (q: readonly number[]) => arm7.jointPositionsInBase(q, points)[3]!.z };

describe('KinematicChain.jointPositionsInBase', () => {
  it('puts each joint where the link poses put its child link', () => {
    const q = arm7.randomConfiguration(seededRandom(5));
    const poses = arm7.linkPosesInBase(q);
    const positions = arm7.jointPositionsInBase(q, []);
    expect(positions).toHaveLength(7);
    positions.forEach((p, i) =>
      expect(p.distanceTo(new Vector3().setFromMatrixPosition(poses.get(`arm7_link${i + 1}`)!))).toBeLessThan(1e-12),
    );
  });

  it('computes only the first `count` entries when asked, to the same numbers', () => {
    const q = arm7.randomConfiguration(seededRandom(6));
    const all = arm7.jointPositionsInBase(q, []).map((p) => p.clone());
    const first = arm7.jointPositionsInBase(q, [], 4);
    expect(first).toHaveLength(4);
    first.forEach((p, i) => expect(p.toArray()).toEqual(all[i]!.toArray()));
  });
});

describe('solveIk with a null-space objective on the 7-DOF arm', () => {
  it(`keeps the tool pose converged and lowers the elbow over ${SAMPLES} random reachable poses`, () => {
    const samples = seededRandom(777);
    const drops: number[] = [];
    let converged = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const target = arm7.fk(arm7.randomConfiguration(samples));
      const plain = solveIk(arm7, target, { seed: NOMINAL_SEED });
      if (plain.status !== 'converged') continue;
      converged++;
      const low = solveIk(arm7, target, { seed: NOMINAL_SEED, nullSpace: elbowLow });
      // Same primary accuracy, measured by FK independently of the solver's own report.
      expect(low.status).toBe('converged');
      const reached = poseDistance(arm7.fk(low.q), target);
      expect(reached.positionM).toBeLessThanOrEqual(POSITION_TOLERANCE_M);
      expect(reached.rotationRad).toBeLessThanOrEqual(ROTATION_TOLERANCE_RAD);
      expect(arm7.clampToLimits(low.q)).toEqual(low.q);
      // Never higher, and counted from the same start: it is the plain solve, then the null-space descent.
      expect(elbowZ(low.q)).toBeLessThanOrEqual(elbowZ(plain.q) + 1e-9);
      expect(low.iterations).toBeGreaterThan(plain.iterations);
      drops.push(elbowZ(plain.q) - elbowZ(low.q));
    }
    expect(converged).toBeGreaterThan(SAMPLES / 2);
    drops.sort((a, b) => a - b);
    const medianDropM = drops[drops.length >> 1]!;
    console.info(
      `arm7 elbow-low null space: ${converged}/${SAMPLES} converged from the nominal seed; elbow drop median ${(medianDropM * 100).toFixed(1)} cm, max ${(drops.at(-1)! * 100).toFixed(1)} cm`,
    );
    expect(medianDropM).toBeGreaterThan(0.02);
  });

  it('stays within maxTravelRad of the plain solution', () => {
    const target = arm7.fk([0.4, 0.3, -0.5, -1.8, 0.3, 1.6, 0.2]);
    const seed = [0.4, 0.3, -0.5, -1.8, 0.3, 1.6, 0.2].map((v) => v + 0.05);
    const plain = solveIk(arm7, target, { seed });
    const bounded = solveIk(arm7, target, { seed, nullSpace: { ...elbowLow, maxTravelRad: 0.1 } });
    const free = solveIk(arm7, target, { seed, nullSpace: elbowLow });
    expect([plain.status, bounded.status, free.status]).toEqual(['converged', 'converged', 'converged']);
    expect(Math.max(...bounded.q.map((v, i) => Math.abs(v - plain.q[i]!)))).toBeLessThanOrEqual(0.1 + 1e-9);
    // The bound binds here: unbounded, the descent travels farther and gets the elbow lower still.
    expect(Math.max(...free.q.map((v, i) => Math.abs(v - plain.q[i]!)))).toBeGreaterThan(0.1);
    expect(elbowZ(free.q)).toBeLessThan(elbowZ(bounded.q) - 1e-3);
    expect(elbowZ(bounded.q)).toBeLessThan(elbowZ(plain.q) - 1e-3);
  });

  it('returns an unconverged solve unchanged', () => {
    const far = new Matrix4().makeTranslation(2, 0, 0.5);
    const plain = solveIk(arm7, far, { seed: NOMINAL_SEED });
    const low = solveIk(arm7, far, { seed: NOMINAL_SEED, nullSpace: elbowLow });
    expect(plain.status).not.toBe('converged');
    expect(low).toEqual(plain);
  });
});

describe('elbow-low null space on the wheeled humanoid arm (a hand down into a low shelf slot)', () => {
  it("brings the forearm down to the wrist's height while the tool stays on target", async () => {
    const { loadUrdf } = await import('../../src/kinematics/urdf-parser.ts');
    const model = await loadUrdf(new URL('../../hardware/robots/wheeled-humanoid.urdf', import.meta.url).pathname);
    const arm = KinematicChain.fromModel(model, 'left_arm_base', 'left_tool0');
    // Tool pointing down, 0.45 m ahead of and 0.4 m below the shoulder (a can's top in a level-1 slot).
    const target = new Matrix4().makeRotationY(Math.PI).setPosition(0.45, 0, -0.4);
    const seed = [0, 0.3, 0, -1.2, 0, -1.4, 0];
    const joints: Vector3[] = [];
    const elbow = (q: readonly number[]) => arm.jointPositionsInBase(q, joints)[3]!.z;
    const wrist = (q: readonly number[]) => arm.jointPositionsInBase(q, joints)[5]!.z;
    const plain = solveIk(arm, target, { seed, restarts: 3 });
    const low = solveIk(arm, target, { seed, restarts: 3, nullSpace: { cost: elbow, maxSteps: 100 } });
    expect([plain.status, low.status]).toEqual(['converged', 'converged']);
    expect(poseDistance(arm.fk(low.q), target).positionM).toBeLessThanOrEqual(POSITION_TOLERANCE_M);
    expect(elbow(low.q)).toBeLessThan(elbow(plain.q) - 0.02);
    // The forearm (elbow to wrist-flex) slopes up less toward the elbow: it leaves the slot under the board above.
    expect(elbow(low.q) - wrist(low.q)).toBeLessThan(elbow(plain.q) - wrist(plain.q));
    expect(Math.abs(elbow(low.q) - wrist(low.q))).toBeLessThan(0.05);
    console.info(
      `humanoid arm: elbow ${(elbow(plain.q) * 100).toFixed(1)} → ${(elbow(low.q) * 100).toFixed(1)} cm, wrist ${(wrist(low.q) * 100).toFixed(1)} cm (arm base frame)`,
    );
  });
});
