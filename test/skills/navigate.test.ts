import { Vector2 } from 'three';
import { describe, expect, it } from 'vitest';
import type { StampedPose2D } from '../../hardware/mobile-base.ts';
import { navigate } from '../../skills/navigate.ts';
import { boxFootprint, pointPolygonDistance, segmentPolygonDistance } from '../../src/math/footprint.ts';
import { retry } from '../../src/graph/retry.ts';
import { pose2DToPose } from '../../src/math/pose.ts';
import {
  isZeroTwist,
  navHarness,
  runToEnd,
  startRun,
  velocityCommands,
  type NavHarness,
} from './navigation/navigate-harness.ts';
import { poseXyzYaw, wallBox } from './navigation/nav-fixtures.ts';

const TOL_M = 0.03;
const TOL_RAD = (3 * Math.PI) / 180;
// A wall from x = -1 to x = 3 along y = 2: going from y = 1 to y = 3 means rounding its end at x = 3.
const WALL = wallBox('wall', -1, 1.95, 3, 2.05);
const WALL_POLYGON = boxFootprint(WALL.poseInWorld, WALL.halfExtentsM).polygon;

/** Records every odometry pose the base publishes. */
function track(h: NavHarness): StampedPose2D[] {
  const poses: StampedPose2D[] = [];
  h.base.pose$.subscribe((p) => poses.push(p));
  return poses;
}

function expectArrived(h: NavHarness, goal: { x: number; y: number; yawRad: number }): void {
  expect(pose2DToPose(h.base.pose)).toBeNearPose(pose2DToPose(goal), { posM: TOL_M, rotRad: TOL_RAD });
}

function obstacle(id: string, x: number, y: number): Parameters<NavHarness['world']['addObject']>[0] {
  return {
    id,
    shape: { kind: 'box', sizeM: [0.4, 0.4, 0.8] },
    poseInWorld: poseXyzYaw(x, y, 0.4),
    massKg: 20,
    friction: 0.5,
    tags: ['obstacle'],
  };
}

describe('navigate', () => {
  for (const kind of ['holonomic', 'differential'] as const) {
    it(`plans around a wall and arrives within 3 cm / 3° (${kind})`, () => {
      const h = navHarness({ kind, boxes: [WALL], start: { x: 0, y: 1, yawRad: 0 } });
      const poses = track(h);
      const goal = { x: 0, y: 3, yawRad: Math.PI / 2 };
      const run = runToEnd(navigate({ goal }), h);

      expect(run.outcome.failure?.describe()).toBeUndefined();
      expect(run.outcome.done).toBe(true);
      expectArrived(h, goal);
      const messages = run.events.map((e) => e.message);
      expect(messages[0]).toBe('plan');
      expect(messages.at(-1)).toBe('arrived');
      expect(messages.filter((m) => m === 'follow').length).toBeGreaterThan(5);
      // The plan rounds the wall's end with the footprint clear of it.
      const waypoints = (run.events[0]!.data!.waypoints as [number, number][]).map(([x, y]) => new Vector2(x, y));
      expect(Math.max(...waypoints.map((p) => p.x))).toBeGreaterThan(3.3);
      for (let i = 0; i < waypoints.length - 1; i++) {
        expect(segmentPolygonDistance(waypoints[i]!, waypoints[i + 1]!, WALL_POLYGON)).toBeGreaterThanOrEqual(
          h.base.limits.footprintRadiusM,
        );
      }
      // And so does the base, all the way.
      const closestM = Math.min(...poses.map((p) => pointPolygonDistance(new Vector2(p.x, p.y), WALL_POLYGON)));
      expect(closestM).toBeGreaterThan(h.base.limits.footprintRadiusM);
      // It ends stopped, and never exceeded its speed limit.
      const commands = velocityCommands(h.robot.log);
      expect(isZeroTwist(commands.at(-1))).toBe(true);
      expect(Math.max(...commands.map((c) => Math.hypot(c.vxMps, c.vyMps)))).toBeLessThanOrEqual(
        h.base.limits.maxLinearMps + 1e-9,
      );
      if (kind === 'differential') expect(commands.every((c) => c.vyMps === 0)).toBe(true);
      else expect(commands.some((c) => Math.abs(c.vyMps) > 0.05)).toBe(true);
    });
  }

  it('respects the acceleration limit between control ticks (holonomic, world frame)', () => {
    const h = navHarness({ start: { x: 0, y: 0, yawRad: 0 } });
    runToEnd(navigate({ goal: { x: 4, y: 0, yawRad: 0 } }), h);
    const commands = velocityCommands(h.robot.log);
    expect(commands.every((c) => c.wzRadps === 0)).toBe(true);
    const jumps = commands
      .slice(1)
      .map((c, i) => Math.hypot(c.vxMps - commands[i]!.vxMps, c.vyMps - commands[i]!.vyMps));
    // 0.5 m/s² over a 20 ms tick, up to the stop on arrival: that one is from the creep speed inside the
    // tolerance (position gain 1.5/s × the 3 cm tolerance plus the < 1 mm of the last tick).
    expect(Math.max(...jumps.slice(0, -1))).toBeLessThanOrEqual(0.5 * 0.02 + 1e-9);
    expect(jumps.at(-1)).toBeLessThanOrEqual(1.5 * (TOL_M + 0.001));
    expect(Math.max(...commands.map((c) => c.vxMps))).toBeCloseTo(0.5, 6);
    expectArrived(h, { x: 4, y: 0, yawRad: 0 });
  });

  it('turns around to a goal behind a differential base and arrives', () => {
    const h = navHarness({ kind: 'differential', start: { x: 2, y: 1, yawRad: 0 } });
    const goal = { x: 0.5, y: 1.5, yawRad: -Math.PI / 2 };
    const run = runToEnd(navigate({ goal }), h);
    expect(run.outcome.failure).toBeUndefined();
    expectArrived(h, goal);
  });

  it('goes to a named place', () => {
    const h = navHarness({
      start: { x: 0, y: 0, yawRad: 0 },
      places: [{ name: 'stand/shelf-a', poseInWorld: poseXyzYaw(2, 1.5, 0, Math.PI), tags: [] }],
    });
    const run = runToEnd(navigate({ goal: 'stand/shelf-a' }), h);
    expect(run.outcome.failure).toBeUndefined();
    expectArrived(h, { x: 2, y: 1.5, yawRad: Math.PI });
  });

  it('fails no-path when the goal is walled in, without moving', () => {
    const ring = [
      wallBox('n', 2, 2.9, 4, 3.1),
      wallBox('s', 2, 0.9, 4, 1.1),
      wallBox('w', 1.9, 0.9, 2.1, 3.1),
      wallBox('e', 3.9, 0.9, 4.1, 3.1),
    ];
    const h = navHarness({ boxes: ring, start: { x: 0, y: 0, yawRad: 0 } });
    const run = runToEnd(navigate({ goal: { x: 3, y: 2, yawRad: 0 } }), h);
    expect(run.outcome.failure?.reason).toBe('no-path');
    expect(run.outcome.failure?.detail.kind).toBe('unreachable');
    expect(run.outcome.failure?.path).toBe('navigate');
    expect(velocityCommands(h.robot.log)).toEqual([]);
  });

  it('fails no-path naming the goal when the footprint would not fit there', () => {
    const h = navHarness({ boxes: [WALL], start: { x: 0, y: 1, yawRad: 0 } });
    // 0.15 m from the wall face, for a 0.3 m footprint.
    const run = runToEnd(navigate({ goal: { x: 0, y: 1.8, yawRad: 0 } }), h);
    expect(run.outcome.failure?.reason).toBe('no-path');
    expect(run.outcome.failure?.message).toMatch(/goal \(0\.00, 1\.80\) leaves 0\.15 m/);
  });

  it('docks to a goal inside the margin that the footprint itself fits', () => {
    const h = navHarness({ boxes: [WALL], start: { x: 0, y: 0.5, yawRad: 0 } });
    const poses = track(h);
    // 0.32 m from the wall face: clear of the 0.3 m footprint, inside the 0.35 m inflation (footprint + margin).
    const goal = { x: 0.5, y: 1.63, yawRad: Math.PI / 2 };
    const run = runToEnd(navigate({ goal }), h);
    expect(run.outcome.failure).toBeUndefined();
    expectArrived(h, goal);
    const closestM = Math.min(...poses.map((p) => pointPolygonDistance(new Vector2(p.x, p.y), WALL_POLYGON)));
    expect(closestM).toBeGreaterThanOrEqual(0.3);
  });

  it('escapes a start that is too close to the wall, then arrives', () => {
    const h = navHarness({ boxes: [WALL], start: { x: 0, y: 1.75, yawRad: 0 } });
    const goal = { x: 0, y: 0.5, yawRad: 0 };
    const run = runToEnd(navigate({ goal }), h);
    expect(run.outcome.failure).toBeUndefined();
    expect(run.events[0]!.data!.escaped).toBe(true);
    expectArrived(h, goal);
  });

  it('fails blocked when an obstacle appears on the remaining path, and stops the base', () => {
    const h = navHarness({ start: { x: 0, y: 1, yawRad: 0 } });
    const run = startRun(navigate({ goal: { x: 5, y: 1, yawRad: 0 } }), h);
    h.scheduler.advanceTo(2000);
    expect(run.outcome.done).toBe(false);
    const xWhenSeen = h.base.pose.x;
    h.world.addObject(obstacle('cart-1', 3.5, 1));
    h.scheduler.runUntil(() => run.outcome.done, 60_000);
    expect(run.outcome.failure?.reason).toBe('blocked');
    expect(run.outcome.failure?.detail.obstacle).toBe('cart-1');
    // Seen on the next control tick, not after driving into it.
    expect(run.outcome.endMs).toBeLessThanOrEqual(2020);
    expect(h.base.pose.x).toBeLessThan(xWhenSeen + 0.05);
    const last = h.robot.log.of('base').slice(-2);
    expect(last.map((c) => c.command)).toEqual(['setVelocity', 'stop']);
    expect(isZeroTwist(last[0]!.args as never)).toBe(true);
  });

  it('ignores world-model objects that are not tagged obstacle', () => {
    const h = navHarness({ start: { x: 0, y: 1, yawRad: 0 } });
    h.world.addObject({ ...obstacle('can-1', 2.5, 1), tags: ['product'] });
    const run = runToEnd(navigate({ goal: { x: 4, y: 1, yawRad: 0 } }), h);
    expect(run.outcome.failure).toBeUndefined();
  });

  it('fails blocked when the base stalls against something the map does not know', () => {
    const h = navHarness({ start: { x: 0, y: 1, yawRad: 0 } });
    h.base.isBlocked = (p) => p.x > 2;
    const run = runToEnd(navigate({ goal: { x: 4, y: 1, yawRad: 0 }, stallTimeoutMs: 2000 }), h);
    expect(run.outcome.failure?.reason).toBe('blocked');
    expect(run.outcome.failure?.message).toMatch(/no progress for 2000 ms/);
    expect(h.base.pose.x).toBeLessThanOrEqual(2);
    expect(h.base.pose.x).toBeGreaterThan(1.9);
    // Driving 2 m takes about 5 s; then 2 s of pushing.
    expect(run.outcome.endMs).toBeGreaterThan(6000);
    expect(run.outcome.endMs).toBeLessThan(9000);
    expect(h.robot.log.of('base').at(-1)!.command).toBe('stop');
  });

  it('replans around the obstacle on a retry', () => {
    const h = navHarness({ start: { x: 0, y: 1, yawRad: 0 } });
    const goal = { x: 5, y: 1, yawRad: 0 };
    const run = startRun(retry({ attempts: 2, when: (f) => f.reason === 'blocked' }, navigate({ goal })), h);
    h.scheduler.advanceTo(2000);
    h.world.addObject(obstacle('cart-1', 3.5, 1));
    h.scheduler.runUntil(() => run.outcome.done, 120_000);
    expect(run.outcome.failure).toBeUndefined();
    const plans = run.events.filter((e) => e.message === 'plan');
    expect(plans).toHaveLength(2);
    expect(plans[1]!.data!.lengthM as number).toBeGreaterThan(
      (plans[0]!.data!.lengthM as number) - (h.base.pose.x - 0),
    );
    const cart = boxFootprint(poseXyzYaw(3.5, 1, 0.4), [0.2, 0.2, 0.4]).polygon;
    const waypoints = (plans[1]!.data!.waypoints as [number, number][]).map(([x, y]) => new Vector2(x, y));
    for (let i = 0; i < waypoints.length - 1; i++) {
      expect(segmentPolygonDistance(waypoints[i]!, waypoints[i + 1]!, cart)).toBeGreaterThanOrEqual(
        h.base.limits.footprintRadiusM,
      );
    }
    expectArrived(h, goal);
  });

  it('stops the base when cancelled', () => {
    const h = navHarness({ start: { x: 0, y: 1, yawRad: 0 } });
    const run = startRun(navigate({ goal: { x: 5, y: 1, yawRad: 0 } }), h);
    h.scheduler.advanceTo(3000);
    const moving = h.base.velocity;
    expect(Math.hypot(moving.vxMps, moving.vyMps)).toBeGreaterThan(0.3);
    run.subscription.unsubscribe();
    const last = h.robot.log.of('base').slice(-2);
    expect(last.map((c) => [c.command, c.timeMs])).toEqual([
      ['setVelocity', 3000],
      ['stop', 3000],
    ]);
    expect(isZeroTwist(last[0]!.args as never)).toBe(true);
    const where = h.base.pose;
    const commandsAtCancel = h.robot.log.commands.length;
    h.scheduler.advanceTo(10_000);
    expect(h.base.pose.x).toBeCloseTo(where.x, 9);
    expect(h.robot.log.commands.length).toBe(commandsAtCancel);
  });

  it('runs a long trip on the sim scheduler and still cancels cleanly', () => {
    // 0.05 m/s over 6 m: two minutes of sim time, 6,000 control ticks. A plain `interval` on the
    // VirtualTimeScheduler would have nested 6,000 actions and overflowed the stack when unsubscribed.
    const h = navHarness({ start: { x: 0, y: 1, yawRad: 0 }, limits: { maxLinearMps: 0.05 } });
    const run = startRun(navigate({ goal: { x: 5.5, y: 1, yawRad: 0 }, timeoutMs: 600_000 }), h);
    h.scheduler.advanceTo(100_000);
    expect(run.outcome.done).toBe(false);
    expect(h.base.pose.x).toBeGreaterThan(4.5);
    expect(() => run.subscription.unsubscribe()).not.toThrow();
    expect(h.robot.log.of('base').at(-1)!.command).toBe('stop');
  });

  it('fails timeout when the trip takes longer than timeoutMs, and stops the base', () => {
    const h = navHarness({ start: { x: 0, y: 1, yawRad: 0 } });
    const run = runToEnd(navigate({ goal: { x: 5, y: 1, yawRad: 0 }, timeoutMs: 4000 }), h);
    expect(run.outcome.failure?.reason).toBe('timeout');
    expect(run.outcome.endMs).toBe(4000);
    expect(h.robot.log.of('base').at(-1)!.command).toBe('stop');
    expect(isZeroTwist(velocityCommands(h.robot.log).at(-1))).toBe(true);
  });

  it('succeeds at once when already at the goal', () => {
    const h = navHarness({ start: { x: 1, y: 1, yawRad: 0.01 } });
    const run = runToEnd(navigate({ goal: { x: 1.01, y: 1, yawRad: 0 } }), h);
    expect(run.outcome.failure).toBeUndefined();
    expect(run.events.map((e) => e.message)).toEqual(['arrived']);
    expect(run.outcome.endMs).toBe(0);
  });

  it('fails precondition-failed without a navigation map, and invalid-input for an unknown place', () => {
    const unmapped = navHarness({ noMap: true });
    expect(runToEnd(navigate({ goal: { x: 1, y: 0, yawRad: 0 } }), unmapped).outcome.failure?.message).toMatch(
      /no navigation map/,
    );
    const h = navHarness();
    expect(runToEnd(navigate({ goal: 'stand/nowhere' }), h).outcome.failure?.reason).toBe('invalid-input');
  });

  it('rejects malformed input where it enters', () => {
    expect(() => navigate({ goal: { x: 1, y: 0 } } as never)).toThrow(/goal/);
    expect(() => navigate({ goal: 'a', toleranceM: -1 })).toThrow(/toleranceM/);
  });

  describe('bipedal base', () => {
    it('walks footsteps along the path and arrives', () => {
      const h = navHarness({
        kind: 'bipedal',
        boxes: [WALL],
        start: { x: 0, y: 1, yawRad: 0 },
        limits: { maxStepLengthM: 0.2 },
      });
      const goal = { x: 0, y: 3, yawRad: Math.PI / 2 };
      const run = runToEnd(navigate({ goal }), h);
      expect(run.outcome.failure).toBeUndefined();
      expectArrived(h, goal);
      const walks = h.robot.log.of('base', 'walk');
      expect(walks).toHaveLength(1);
      const footsteps = walks[0]!.args as { foot: string; pose: { x: number; y: number } }[];
      expect(footsteps.length).toBeGreaterThan(30);
      // Feet alternate and no foot lands on the wall's footprint or within 10 cm of it.
      footsteps.slice(1).forEach((f, i) => expect(f.foot).not.toBe(footsteps[i]!.foot));
      for (const f of footsteps)
        expect(pointPolygonDistance(new Vector2(f.pose.x, f.pose.y), WALL_POLYGON)).toBeGreaterThan(0.1);
      expect(velocityCommands(h.robot.log)).toEqual([]);
    });

    it('fails hardware-fault naming walk when the biped cannot walk', () => {
      const h = navHarness({ kind: 'bipedal', canWalk: false });
      const run = runToEnd(navigate({ goal: { x: 1, y: 0, yawRad: 0 } }), h);
      expect(run.outcome.failure?.reason).toBe('hardware-fault');
      expect(run.outcome.failure?.message).toMatch(/walk\(footsteps\)/);
    });

    it('halts the walk when cancelled', () => {
      const h = navHarness({ kind: 'bipedal', start: { x: 0, y: 0, yawRad: 0 } });
      const run = startRun(navigate({ goal: { x: 3, y: 0, yawRad: 0 } }), h);
      h.scheduler.advanceTo(2000);
      run.subscription.unsubscribe();
      const commands = h.robot.log.of('base').map((c) => c.command);
      expect(commands.slice(-3)).toEqual(['walk:halt', 'setVelocity', 'stop']);
    });
  });
});
