import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLine } from '../../apps/restock/event-lines.ts';
import { KpiTracker } from '../../apps/restock/kpis.ts';
import { clearTrapBlockers, STAFF_RESPONSE_MS, StaffCalls } from '../../apps/restock/staff-assist.ts';
import { openStore, storeSkillContext, type StoreSession } from '../../apps/restock/store-session.ts';
import { armSweepHit } from '../../skills/arm/arm-sweep.ts';
import { stowJoints } from '../../skills/arm/postures.ts';
import { armTraps, reportTrap } from '../../skills/reach/trapped-arm.ts';
import { seededRandom } from '../../src/math/random.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import type { SceneQuery } from '../../src/world/scene-query.ts';
import { expectPlannedWayIn, progressOf, runTuck, type TuckRun, LIFT_AND_LEFT_FOLDED } from './tuck-run.ts';

// Demo seed 10 at 9:55, built directly: the robot stands by aisle-a's right side panel after a place, its right
// arm out (hand 0.54 m from the base's centre, past the 0.40 m footprint). The fold meets the side panel and no
// straight way in (backing out, drawing in, the base backing off) is clear, so main refused every drive from there
// to the end of the run, logged only as `blocked` tries. The arm must take a planned way in, moving nothing; a
// robot with truly no way must say it is trapped, once, not once per refused drive.
const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
const ROOT = { position: new Vector3(0.94841, 1.33325, 0), quaternion: new Quaternion(0, 0, -0.61211, 0.79077) };
const RIGHT_ARM = [-0.12984, 0.82255, 0.63456, -0.97582, 1.35839, 1.94518, 1.6159];
const RIGHT_NAMES = ['shoulder_pan', 'shoulder_lift', 'upperarm_roll', 'elbow_flex', 'forearm_roll', 'wrist_flex'];
const JOINTS: Record<string, number> = {
  ...LIFT_AND_LEFT_FOLDED,
  ...Object.fromEntries([...RIGHT_NAMES, 'wrist_roll'].map((n, i) => [`right_${n}_joint`, RIGHT_ARM[i]!])),
};
/** The items on the shelf beside the hand, where they stood (turned to face the aisle). */
const ITEMS = [
  ['shelf/detergent-bottle-1', 'detergent-bottle', 0.88249, 0.73333, 0.28496],
  ['shelf/bottle-500ml-11', 'bottle-500ml', 0.87249, 0.67083, 0.70248],
  ['shelf/can-330ml-21', 'can-330ml', 0.87299, 0.79633, 1.10747],
  ['shelf/cereal-box-31', 'cereal-box', 0.87499, 0.73333, 1.64497],
  ['stock/can-330ml-78', 'can-330ml', 0.87268, 0.67049, 1.10747],
] as const;

let store: StoreSession;
beforeAll(async () => {
  store = await openStore({
    planogramPath: PLANOGRAM,
    seed: 10,
    initialFill: 0.85,
    resumeFrom: {
      stepCount: 0,
      items: ITEMS.map(([id, sku, x, y, z]) => ({
        id,
        sku,
        poseInWorld: { position: new Vector3(x, y, z), quaternion: new Quaternion(0, 0, 1, 0) },
      })),
      robot: { rootInWorld: ROOT, joints: JOINTS },
      itemCounter: 100,
      random: seededRandom(10).saveState(),
    },
  });
}, 120_000);
afterAll(() => store?.free());

/** Runs the tuck of the idle arms to its end in sim time, seeing the scene through `query` when given. */
function tuck(query?: SceneQuery): TuckRun {
  return runTuck(store, (bus) => {
    const base = storeSkillContext(store, bus);
    return query ? { ...base, services: { ...base.services, sceneQuery: query } } : base;
  });
}

const right = () => store.robot.parts.arms.find((a) => a.name === 'right')!;

describe("demo seed 10's trap (Rapier sim, sim time)", () => {
  it('is built: the right hand stands past the footprint and its fold meets the side panel', () => {
    const arm = right();
    expect(arm.currentState().positions[0]).toBeCloseTo(RIGHT_ARM[0]!, 3);
    expect(armSweepHit(store, arm, [stowJoints(store.robot, arm)], {}, [], { fingers: true })?.hit.what).toBe(
      'aisle-a/side-right',
    );
  });

  it('with truly no way in (every sweep blocked), reports the robot trapped once, and moves nothing', () => {
    const caged: SceneQuery = { castBox: () => ({ distanceM: 0, what: 'test/cage' }) };
    const q = [...right().currentState().positions];
    const first = tuck(caged);
    const second = tuck(caged);
    for (const run of [first, second]) {
      expect(run.failure?.reason).toBe('blocked');
      expect(run.failure?.message).toMatch(/arm right cannot fold in .* past the 0\.40 m footprint.*trapped/);
    }
    expect(progressOf(first.events).map((e) => e.data?.['trapped'])).toEqual(['right']);
    expect(progressOf(second.events).map((e) => e.data?.['stillTrapped'])).toEqual(['right']);
    const kpis = new KpiTracker();
    [...first.events, ...second.events].forEach((e) => kpis.apply(e));
    expect(kpis.snapshot().trapped).toBe(1);
    expect(logLine(progressOf(first.events)[0]!)?.text).toMatch(/^ROBOT TRAPPED: arm right cannot fold in/);
    right()
      .currentState()
      .positions.forEach((v, i) => expect(v).toBeCloseTo(q[i]!, 3));
  });

  it('takes a planned way in around the panel and folds, the base and the items beside it unmoved', () => {
    expectPlannedWayIn(
      store,
      right(),
      ITEMS.map(([id]) => id),
      () => tuck(),
    );
  });

  it('is freed by a worker who takes away the item it is trapped against, after the call waited, the arm still', () => {
    // After the fold above: a trap reported where the arm stands now, against an item of the shelf beside it.
    const bus = new TelemetryBus(() => 0);
    const events: TelemetryEvent[] = [];
    bus.events$.subscribe((e) => events.push(e));
    const blocker = 'shelf/can-330ml-21';
    const trap = { armName: 'right', joints: [...right().currentState().positions], blockedBy: `object ${blocker}` };
    expect(reportTrap(store.robot, { ...trap, objectId: blocker })).toBe(true);
    const calls = new StaffCalls();
    const t0 = store.simulation.sim.timeMs;
    clearTrapBlockers(store, bus, t0, calls);
    clearTrapBlockers(store, bus, t0 + STAFF_RESPONSE_MS - 1, calls);
    expect(store.world.object(blocker)).toBeDefined();
    clearTrapBlockers(store, bus, t0 + STAFF_RESPONSE_MS, calls);
    expect(store.world.object(blocker)).toBeUndefined();
    expect(armTraps(store.robot)).toEqual([]);
    expect(events.map((e) => e.data?.['store'])).toEqual([
      {
        kind: 'staff-assist',
        arm: 'right',
        removed: [blocker],
        why: `took '${blocker}' from beside the trapped arm`,
        waitedMs: expect.closeTo(STAFF_RESPONSE_MS, 3),
      },
    ]);
  });
});
