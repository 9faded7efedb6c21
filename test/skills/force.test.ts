import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { forceControl } from '../../skills/force/force-control.ts';
import { gripForceFor } from '../../skills/force/grip-force.ts';
import { guardedMove } from '../../skills/force/guarded-move.ts';
import { whileHolding } from '../../skills/force/slip-watch.ts';
import { HELD } from '../../skills/arm/held-objects.ts';
import { toolInWorld, worldToArmBase } from '../../skills/arm/robot-frames.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { makePose } from '../../src/math/pose.ts';
import { harness, runToEnd, startRun } from './helpers/manipulation-harness.ts';
import { interval } from 'rxjs';
import { Vector3 } from 'three';
import { sensorRotationInWorld } from '../../skills/force/wrench.ts';

describe('guardedMove', () => {
  it('halts the arm and reports contact once the force along the motion passes the threshold', () => {
    const h = harness();
    const sensor = h.scripted.parts.ftSensors[1]!;
    h.scheduler.schedule(() => sensor.push([0, 0, 12]), 200);
    const run = runToEnd(guardedMove({ arm: 'right', direction: [0, 0, -1], maxForceN: 10, maxDistanceM: 0.1 }), h);
    expect(run.outcome.failure).toBeUndefined();
    expect(run.outcome.endMs).toBe(200);
    expect(run.events.at(-1)?.message).toBe('contact');
    expect(run.events.at(-1)?.data?.forceN).toBeGreaterThanOrEqual(10);
    expect(h.scripted.log.of('arm/right', 'moveCartesian:halt')).toHaveLength(1);
    expect(h.scripted.log.of('ft/right_wrist_ft', 'tare')).toHaveLength(1);
  });

  it('ignores force across the motion and fails missed after the full distance', () => {
    const h = harness();
    const sensor = h.scripted.parts.ftSensors[1]!;
    h.scheduler.schedule(() => sensor.push([15, 0, 0]), 50);
    const run = runToEnd(guardedMove({ arm: 'right', direction: [0, 0, -1], maxForceN: 10, maxDistanceM: 0.05 }), h);
    expect(run.outcome.failure?.reason).toBe('missed');
    expect(h.scripted.log.of('arm/right', 'moveCartesian:done')).toHaveLength(1);
  });
});

describe('guardedMove at the edge of reach', () => {
  /** The farthest the right arm's tool reaches straight out along `direction` from where it is, to 2 mm, m. */
  function reachAlong(h: ReturnType<typeof harness>, direction: Vector3): number {
    const arm = h.scripted.parts.arms[1]!;
    const start = toolInWorld(h.ctx, arm);
    const reaches = (distanceM: number) =>
      arm.moveCartesian({
        poseInBase: worldToArmBase(h.ctx, arm, {
          position: start.position.clone().addScaledVector(direction, distanceM),
          quaternion: start.quaternion,
        }),
        linear: true,
      }).applied.points.length > 0;
    let [lo, hi] = [0, 2];
    while (hi - lo > 0.002) [lo, hi] = reaches((lo + hi) / 2) ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
    return lo;
  }

  it('goes as far as the arm reaches when the line runs out of the workspace, if that is past the least distance', () => {
    const h = harness();
    const arm = h.scripted.parts.arms[1]!;
    const outward = toolInWorld(h.ctx, arm).position.clone().setZ(0).normalize();
    const reachM = reachAlong(h, outward);
    expect(reachM).toBeGreaterThan(0.05);
    const move = { arm: 'right', direction: [outward.x, outward.y, 0] as [number, number, number], maxForceN: 10 };

    // The whole search distance is out of reach: without a least distance the move is refused before it starts.
    const refused = runToEnd(guardedMove({ ...move, maxDistanceM: reachM + 0.03 }), harness());
    expect(refused.outcome.failure?.reason).not.toBe('missed');

    const run = runToEnd(guardedMove({ ...move, maxDistanceM: reachM + 0.03, minDistanceM: reachM - 0.02 }), h);
    expect(run.outcome.failure?.reason).toBe('missed');
    const wentM = run.outcome.failure?.detail?.maxDistanceM as number;
    expect(wentM).toBeGreaterThanOrEqual(reachM - 0.02);
    expect(wentM).toBeLessThanOrEqual(reachM + 0.002);
    expect(h.scripted.log.of('arm/right', 'moveCartesian:done')).toHaveLength(1);

    // A least distance past the reach still refuses.
    const short = runToEnd(
      guardedMove({ ...move, maxDistanceM: reachM + 0.03, minDistanceM: reachM + 0.01 }),
      harness(),
    );
    expect(short.outcome.failure?.reason).not.toBe('missed');
  });
});

describe('forceControl', () => {
  it('settles the pressing force at the target against a stiff surface while sliding along it', () => {
    const h = harness();
    const arm = h.scripted.parts.arms[1]!;
    const sensor = h.scripted.parts.ftSensors[1]!;
    const surfaceZ = toolInWorld(h.ctx, arm).position.z - 0.005;
    // A surface 5 mm below the tool with 2 kN/m stiffness: the hand on the flange reads the reaction, upward.
    interval(10, h.scheduler).subscribe(() => {
      const depthM = surfaceZ - toolInWorld(h.ctx, arm).position.z;
      const upN = new Vector3(0, 0, Math.max(0, depthM) * 2000).applyQuaternion(
        sensorRotationInWorld(h.ctx, sensor.frameId).invert(),
      );
      sensor.push([upN.x, upN.y, upN.z]);
    });
    const startX = toolInWorld(h.ctx, arm).position.x;
    const run = runToEnd(
      forceControl({ arm: 'right', axis: [0, 0, -1], targetN: 5, moveM: [0.04, 0, 0], durationMs: 3000 }),
      h,
    );
    expect(run.outcome.failure).toBeUndefined();
    const last = run.events.filter((e) => e.message === 'force').slice(-10);
    for (const e of last) expect(e.data?.pressingN as number).toBeCloseTo(5, 0);
    expect(toolInWorld(h.ctx, arm).position.x - startX).toBeGreaterThan(0.035);
  });
});

describe('grip force and slip watch', () => {
  it('sizes the squeeze from mass and friction within the gripper limit, refusing what no squeeze holds', () => {
    expect(gripForceFor({ id: 'can', massKg: 0.35, friction: 0.4 }, { maxForceN: 60 })).toBeCloseTo(10.73, 2);
    expect(gripForceFor({ id: 'tea', massKg: 0.05, friction: 0.9 }, { maxForceN: 60 })).toBe(10);
    // Holding needs 2 × 2.5 × 9.81 × 1 / 0.6 = 40.9 N; the safety factor's 102 N is clipped to the rating.
    expect(gripForceFor({ id: 'jug', massKg: 2.5, friction: 0.3 }, { maxForceN: 60 })).toBe(60);
    // 5 kg at μ 0.3 needs 81.8 N just to hold: beyond a 60 N gripper, refused rather than squeezed at 60 N.
    expect(() => gripForceFor({ id: 'crate', massKg: 5, friction: 0.3 }, { maxForceN: 60 })).toThrow(
      /no squeeze holds/,
    );
  });

  it('fails slipped and halts the carried child when the payload force drops', () => {
    const h = harness();
    const sensor = h.scripted.parts.ftSensors[1]!;
    sensor.push([0, 0, -3.4]);
    h.ctx.blackboard.set(HELD.of('can-1'), {
      objectId: 'can-1',
      armName: 'right',
      effector: 'gripper',
      objectInTool: makePose(),
      restQuaternion: makePose().quaternion,
      payloadN: 3.4,
    });
    h.scripted.parts.grippers[0]!.objectDetected$.next(true);
    let halts = 0;
    const carry = fromObservable('carry', () => new Observable<never>(() => () => (halts += 1)));
    const run = startRun(whileHolding('can-1', carry), h);
    h.scheduler.schedule(() => sensor.push([0, 0, -0.3]), 1000);
    h.scheduler.runUntil(() => run.outcome.done, 5000);
    expect(run.outcome.failure?.reason).toBe('slipped');
    expect(run.outcome.failure?.message).toContain('3.4 N -> 0.3 N');
    // Debounced: the drop at 1 s counts once it lasted 150 ms.
    expect(run.outcome.endMs).toBeGreaterThanOrEqual(1150);
    expect(halts).toBe(1);
  });

  it('completes with the child when the hold stays good', () => {
    const h = harness();
    h.scripted.parts.ftSensors[1]!.push([0, 0, -3.4]);
    h.ctx.blackboard.set(HELD.of('can-1'), {
      objectId: 'can-1',
      armName: 'right',
      effector: 'gripper',
      objectInTool: makePose(),
      restQuaternion: makePose().quaternion,
      payloadN: 3.4,
    });
    h.scripted.parts.grippers[0]!.objectDetected$.next(true);
    const run = runToEnd(
      whileHolding(
        'can-1',
        fromObservable('carry', () => interval(100, h.scheduler).pipe((s) => s.pipe(takeFirst(5)))),
      ),
      h,
    );
    expect(run.outcome.failure).toBeUndefined();
    expect(run.outcome.endMs).toBe(500);
  });
});

import { take as takeFirst } from 'rxjs';
