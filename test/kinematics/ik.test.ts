import { readFileSync } from 'node:fs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { KinematicChain } from '../../src/kinematics/chain.ts';
import { solveIk } from '../../src/kinematics/ik.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { seededRandom } from '../../src/math/random.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/urdf/${name}`, import.meta.url), 'utf8');
const planar = KinematicChain.fromModel(parseUrdf(fixture('planar2.urdf')), 'base_link', 'tool0');
const arm7 = KinematicChain.fromModel(parseUrdf(fixture('arm7.urdf')), 'arm7_base', 'arm7_tcp');
const ARM7_NOMINAL = [0, -0.3, 0, -2.2, 0, 2.0, 0.785];

const at = (x: number, y: number, z = 0): Matrix4 => new Matrix4().makeTranslation(x, y, z);
const tipPosition = (chain: KinematicChain, q: readonly number[]): Vector3 =>
  new Vector3().setFromMatrixPosition(chain.fk(q));

/** Both hand-computed planar solutions (elbow one way, elbow the other) for a tip at (x, y). */
function planarSolutions(x: number, y: number): number[][] {
  const cosElbow = (x * x + y * y - 0.5 ** 2 - 0.3 ** 2) / (2 * 0.5 * 0.3);
  return [1, -1].map((sign) => {
    const q2 = sign * Math.acos(cosElbow);
    return [Math.atan2(y, x) - Math.atan2(0.3 * Math.sin(q2), 0.5 + 0.3 * Math.cos(q2)), q2];
  });
}

describe('solveIk on the 2-link planar arm', () => {
  it.each([
    [0.5, 0.3],
    [0.0, 0.6],
    [-0.4, -0.4],
    [0.25, -0.1],
  ])('reaches the hand-computed target (%f, %f), position only', (x, y) => {
    const result = solveIk(planar, at(x, y), { positionOnly: true, seed: [0.3, 0.5] });
    expect(result.status).toBe('converged');
    expect(result.positionErrorM).toBeLessThanOrEqual(1e-4);
    expect(tipPosition(planar, result.q).distanceTo(new Vector3(x, y, 0))).toBeLessThanOrEqual(1e-4);
    // The answer is one of the two closed-form solutions.
    const closest = Math.min(
      ...planarSolutions(x, y).map((solution) =>
        Math.hypot(
          ...solution.map((qi, i) =>
            Math.atan2(Math.sin(qi - (result.q[i] ?? NaN)), Math.cos(qi - (result.q[i] ?? NaN))),
          ),
        ),
      ),
    );
    expect(closest).toBeLessThan(1e-3);
  });

  it('matches position and orientation when the target pose is reachable in full', () => {
    const target = planar.fk([1.0, -0.6]);
    const result = solveIk(planar, target, { seed: [0, 0] });
    expect(result).toMatchObject({ status: 'converged' });
    expect(result.rotationErrorRad).toBeLessThanOrEqual(1e-3);
    expect(result.q[0]).toBeCloseTo(1.0, 3);
    expect(result.q[1]).toBeCloseTo(-0.6, 3);
  });

  it('reports stalled for a target beyond reach, with the arm stretched toward it', () => {
    const result = solveIk(planar, at(0, 1.0), { positionOnly: true, seed: [0.3, 0.5] });
    expect(result.status).toBe('stalled');
    expect(result.positionErrorM).toBeCloseTo(0.2, 3);
    expect(result.q[1]).toBeCloseTo(0, 2);
    expect(result.q[0]).toBeCloseTo(Math.PI / 2, 2);
    expect(result.iterations).toBeLessThan(200);
  });

  it('reports timeout when the iteration budget runs out first', () => {
    const result = solveIk(planar, at(-0.5, -0.3), { positionOnly: true, seed: [0, 0.1], maxIterations: 2 });
    expect(result.status).toBe('timeout');
    expect(result.iterations).toBe(2);
    expect(result.positionErrorM).toBeGreaterThan(1e-4);
  });

  it('reports diverged when the error stops being a number', () => {
    const result = solveIk(planar, at(Number.NaN, 0.3), { positionOnly: true });
    expect(result.status).toBe('diverged');
  });

  it('keeps every joint within its limits', () => {
    const narrow = parseUrdf(fixture('planar2.urdf').replaceAll('lower="-3.1" upper="3.1"', 'lower="0" upper="1"'));
    const chain = KinematicChain.fromModel(narrow, 'base_link', 'tool0');
    // Reachable only with the elbow bent the other way (q2 < 0), so the best in-limit answer stalls at q2 = 0.
    const result = solveIk(chain, at(0.6, -0.2), { positionOnly: true, seed: [0.5, 0.5] });
    expect(result.status).toBe('stalled');
    expect(result.q[0]).toBeGreaterThanOrEqual(0);
    expect(result.q[1]).toBeGreaterThanOrEqual(0);
    expect(result.q[1]).toBeLessThan(1e-3);
    expect(chain.clampToLimits(result.q)).toEqual(result.q);
  });
});

describe('solveIk on the 7-DOF arm', () => {
  const reachable = (index: number): Matrix4 => {
    const samples = seededRandom(20240601);
    let q: number[] = [];
    for (let i = 0; i <= index; i++) q = arm7.randomConfiguration(samples);
    return arm7.fk(q);
  };

  it('reaches a pose near the nominal one in a few iterations', () => {
    const target = arm7.fk([0.2, -0.1, 0.1, -2.0, 0.1, 2.1, 0.6]);
    const result = solveIk(arm7, target, { seed: ARM7_NOMINAL });
    expect(result.status).toBe('converged');
    expect(result.iterations).toBeLessThan(20);
    const reached = arm7.fk(result.q);
    const rotationRad = new Quaternion()
      .setFromRotationMatrix(reached)
      .angleTo(new Quaternion().setFromRotationMatrix(target));
    expect(
      new Vector3().setFromMatrixPosition(reached).distanceTo(new Vector3().setFromMatrixPosition(target)),
    ).toBeLessThanOrEqual(1e-4);
    expect(rotationRad).toBeLessThanOrEqual(2e-3);
  });

  it('escapes a local minimum of the nominal seed with random restarts, and is deterministic', () => {
    // Sample 0 of the round-trip set: from the nominal seed the solver runs into joint limits and stalls.
    const target = reachable(0);
    const single = solveIk(arm7, target, { seed: ARM7_NOMINAL });
    expect(single.status).toBe('stalled');
    const options = { seed: ARM7_NOMINAL, restarts: 10, random: seededRandom(4) };
    const restarted = solveIk(arm7, target, options);
    expect(restarted.status).toBe('converged');
    expect(restarted.iterations).toBeGreaterThan(single.iterations);
    expect(solveIk(arm7, target, { ...options, random: seededRandom(4) })).toEqual(restarted);
  });
});
