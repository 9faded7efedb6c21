import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import type { Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLine } from '../../apps/restock/event-lines.ts';
import { KpiTracker } from '../../apps/restock/kpis.ts';
import { STAFF_RESPONSE_MS, StaffCalls, jogTrappedArms } from '../../apps/restock/staff-assist.ts';
import type { StoreEvent } from '../../apps/restock/store-events.ts';
import { summaryText } from '../../apps/restock/summary.ts';
import { waitForWork } from '../../skills/restock/wait-for-work.ts';
import { armTraps, reportTrap } from '../../skills/reach/trapped-arm.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import { openStore, storeSkillContext, type StoreSession } from '../../apps/restock/store-session.ts';
import { armPosesHit, armSweepHit } from '../../skills/arm/arm-sweep.ts';
import { stowJoints } from '../../skills/arm/postures.ts';
import { basePose2D } from '../../skills/arm/robot-frames.ts';
import { isFolded } from '../../skills/reach/tuck-idle-arms.ts';
import { handReachM } from '../../skills/reach/trapped-arm.ts';
import { seededRandom } from '../../src/math/random.ts';
import { progressOf, runTuck, LIFT_AND_LEFT_FOLDED } from './tuck-run.ts';

// Soak seed 1 at 5.61 h, built from its checkpoint's robot (nothing else stood within 0.9 m of the hand: the tote
// was empty). The right hand rests against the tote's lip on the cart, its wrist beside the cart's top, 0.47 m from
// the base's centre, past the 0.40 m footprint: the fold meets the tote's floor, and every sweep out of the posture
// (the back-outs', the planned way in's) starts touching, so main reported the robot trapped. Staff swap the tote
// only while the hands are clear of it, so the robot waited for stock that never came: no try from about 3 h on.
const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
const SEED = 1;
const ROOT = { position: new Vector3(0.21111, 0.96453, 0), quaternion: new Quaternion(0, 0, 0.86385, 0.50375) };
const RIGHT_ARM = [-0.21372, 1.40676, -0.53913, -1.28229, -2.59225, 1.26947, -0.81641];
const NAMES = [
  'shoulder_pan',
  'shoulder_lift',
  'upperarm_roll',
  'elbow_flex',
  'forearm_roll',
  'wrist_flex',
  'wrist_roll',
];
const JOINTS: Record<string, number> = {
  ...LIFT_AND_LEFT_FOLDED,
  ...Object.fromEntries(NAMES.map((n, i) => [`right_${n}_joint`, RIGHT_ARM[i]!])),
};

/** The store as the soak left it around the robot: its robot, an empty tote, no items near. */
const trappedStore = (): Promise<StoreSession> =>
  openStore({
    planogramPath: PLANOGRAM,
    seed: SEED,
    initialFill: 0.85,
    resumeFrom: {
      stepCount: 0,
      items: [],
      robot: { rootInWorld: ROOT, joints: JOINTS },
      itemCounter: 300,
      random: seededRandom(SEED).saveState(),
    },
  });

let store: StoreSession;
beforeAll(async () => {
  store = await trappedStore();
}, 120_000);
afterAll(() => store?.free());

const right = (s: StoreSession = store) => s.robot.parts.arms.find((a) => a.name === 'right')!;

describe("soak seed 1's trap over the tote (Rapier sim, sim time)", () => {
  it('is built: the right hand past the footprint, its posture touching the tote, its fold meeting the floor', () => {
    const arm = right();
    expect(arm.currentState().positions[0]).toBeCloseTo(RIGHT_ARM[0]!, 3);
    expect(handReachM(store, arm)).toBeGreaterThan(store.robot.parts.base!.limits.footprintRadiusM);
    expect(armPosesHit(store, arm, [arm.currentState().positions], {}, [], { fingers: true })?.hit.what).toBe(
      'stock-tote/wall-ny',
    );
    expect(armSweepHit(store, arm, [stowJoints(store.robot, arm)], {}, [], { fingers: true })?.hit.what).toMatch(
      /^stock-tote\//,
    );
  });

  it('draws the hand off the tote and folds, not trapped, the base unmoved', () => {
    const base = basePose2D(store.robot)!;
    const run = runTuck(store, (bus) => storeSkillContext(store, bus, store.random.fork(2)));
    expect(run.failure).toBeUndefined();
    const messages = progressOf(run.events).map((e) => e.message);
    expect(messages).toContain('lifting the hand off what it touches');
    expect(progressOf(run.events).some((e) => e.data?.['trapped'] !== undefined)).toBe(false);
    expect(isFolded(store.robot, right())).toBe(true);
    const after = basePose2D(store.robot)!;
    expect(Math.hypot(after.x - base.x, after.y - base.y)).toBeLessThan(0.005);
  });
});

describe('a robot that cannot get out by itself (Rapier sim, sim time)', () => {
  let stuck: StoreSession;
  beforeAll(async () => {
    stuck = await trappedStore();
  }, 120_000);
  afterAll(() => stuck?.free());

  it('says once, loudly, that it stalls when the stock it waits for cannot come', () => {
    const bus = new TelemetryBus(() => 0);
    const events: TelemetryEvent[] = [];
    bus.events$.subscribe((e) => events.push(e));
    const kpis = new KpiTracker();
    bus.events$.subscribe((e) => kpis.apply(e));
    // Every facing awaits stock (the tote is empty, no shelf item stands): the soak's 63 awaiting stock, 0 to do.
    const sub = runSkill(
      waitForWork({ stock: stuck.stockPlace, stallAfterMs: 5_000 }),
      storeSkillContext(stuck, bus, stuck.random.fork(2)),
    ).subscribe();
    stuck.simulation.sim.runFor(12_000);
    sub.unsubscribe();
    const stalls = progressOf(events).filter((e) => e.data?.['stalled'] !== undefined);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]!.message).toMatch(
      /^no work can come: 83 facing\(s\) have awaited stock for 0 min and arm right stands out/,
    );
    expect(logLine(stalls[0]!)?.text).toMatch(/^ROBOT STALLED: /);
    expect(kpis.snapshot().stalled).toBe(1);
    expect(summaryText(kpis.snapshot(), 1, 'done')).toContain('ROBOT STALLED        1 time(s)');
  });

  it('is jogged off the tote by a person after the call waited, through the arm, and reported once', () => {
    const arm = right(stuck);
    const base = basePose2D(stuck.robot)!;
    const q = arm.currentState().positions;
    expect(reportTrap(stuck.robot, { armName: 'right', joints: [...q], blockedBy: 'stock-tote/floor' })).toBe(true);
    const bus = new TelemetryBus(() => 0);
    const events: TelemetryEvent[] = [];
    bus.events$.subscribe((e) => events.push(e));
    const calls = new StaffCalls();
    let work: Observable<unknown> | undefined;
    const pause = (work$: Observable<unknown>): boolean => ((work = work$), true);
    const t0 = stuck.simulation.sim.timeMs;
    jogTrappedArms(stuck, bus, t0, calls, pause);
    jogTrappedArms(stuck, bus, t0 + STAFF_RESPONSE_MS - 1, calls, pause);
    expect(work).toBeUndefined();
    jogTrappedArms(stuck, bus, t0 + STAFF_RESPONSE_MS, calls, pause);
    expect(work).toBeDefined();
    let done = false;
    work!.subscribe({ complete: () => (done = true) });
    stuck.simulation.sim.runUntil(() => done, 30_000);
    expect(done).toBe(true);
    // Off the tote: the arm touches nothing where the person left it, and its trap is forgotten.
    expect(armPosesHit(stuck, arm, [arm.currentState().positions], {}, [], { fingers: true })).toBeUndefined();
    expect(armTraps(stuck.robot)).toEqual([]);
    const assists = events.map((e) => e.data?.['store'] as StoreEvent | undefined).filter((e) => e !== undefined);
    expect(assists).toEqual([
      expect.objectContaining({
        kind: 'staff-assist',
        arm: 'right',
        removed: [],
        waitedMs: expect.closeTo(STAFF_RESPONSE_MS, 3),
      }),
    ]);
    const after = basePose2D(stuck.robot)!;
    expect(Math.hypot(after.x - base.x, after.y - base.y)).toBeLessThan(0.005);
  });
});
