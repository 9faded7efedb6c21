import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreLife } from '../../../apps/restock/store-life.ts';
import { openStore, type StoreSession } from '../../../apps/restock/store-session.ts';
import { rankGraspChoices } from '../../../skills/grasping/plan-grasp.ts';
import { holdClasses } from '../../../skills/planning/hold-classes.ts';
import { handRiseM, overheadShortfallM, roomAboveM } from '../../../skills/planning/overhead-room.ts';
import { PICK_DISTANCES } from '../../../skills/planning/pick-motion.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { objectsIn, stockPlace } from '../../../skills/restock/stock.ts';
import type { KnownObject } from '../../../src/world/world-model.ts';

// The store of seed 2 with a mustard bottle's facing (175 mm tall, aisle-a's 0.6 m board, 0.45 m under the next)
// and a coffee can's (139 mm, aisle-b's lowest board) empty, the tray refilled for them. Held from above, the
// mustard needs the hand's wrist and forearm over it, higher than the board above leaves: its four best-scored hold
// classes are all from above, and with them the budget of classes was spent before a side hold was tried (refused
// on demo seed 10). The coffee can is short enough to keep its hold from above under the same kind of board, and a
// cereal box (290 mm) keeps its cup on top on the top level, which has no board over it.
const PLANOGRAM = fileURLToPath(new URL('../../../scenes/store-planogram.yaml', import.meta.url));
const MUSTARD = 'aisle-a/level-2/slot-5/facing-1';
const COFFEE = 'aisle-b/level-1/slot-1/facing-1';
const TOP_LEVEL = 'aisle-a/level-4/slot-1/facing-1';

describe('hold classes chosen for the room over the target (store, seed 2)', () => {
  let store: StoreSession;
  let scene: Pick<StoreSession, 'robot' | 'world' | 'services'>;
  const item = (sku: string): KnownObject => {
    const inTray = objectsIn(store.world, stockPlace(store.world, store.stockPlace));
    const found = inTray.find((o) => o.id.includes(`/${sku}-`));
    expect(found, `a ${sku} in the tray`).toBeDefined();
    return found!;
  };
  const classesOf = (object: KnownObject) =>
    holdClasses(
      object,
      rankGraspChoices(scene, object, {
        effector: 'auto',
        approachDistanceM: PICK_DISTANCES.approachDistanceM,
      }).ranked,
    );

  beforeAll(async () => {
    store = await openStore({
      planogramPath: PLANOGRAM,
      seed: 2,
      initialFill: 1,
      emptyFacings: [MUSTARD, COFFEE, TOP_LEVEL],
    });
    const life = new StoreLife(store, { emit: () => undefined }, { shopperItemsPerHour: 0 });
    life.start();
    store.simulation.sim.runFor(500);
    life.stop();
    scene = { robot: store.robot, world: store.world, services: store.services };
  }, 120_000);
  afterAll(() => store?.free());

  it("measures the room from the scene: the board above a low level, nothing over the top level's", () => {
    // Boards 0.45 m apart, 25 mm thick: 0.425 m between them (the probe's touch tolerance, 2 mm, on top).
    expect(roomAboveM(scene, MUSTARD, 'none')).toBeCloseTo(0.425, 2);
    expect(roomAboveM(scene, COFFEE, 'none')).toBeCloseTo(0.425, 2);
    expect(roomAboveM(scene, TOP_LEVEL, 'none')).toBeUndefined();
    // The gripper arm: tool point to the wrist's pivot 0.185 m, the forearm's 40 mm radius, the sweep's 15 mm.
    const gripperArm = store.robot.parts.arms.find((a) => a.endEffector?.kind === 'parallel-gripper')!;
    expect(handRiseM(store.robot, gripperArm)).toBeCloseTo(0.24, 3);
  });

  it('plans the tall mustard bottle with a side or front hold: every hold from above lacks room', () => {
    const mustard = item('mustard-bottle');
    const classes = classesOf(mustard);
    // By score alone, the four classes tried would all be holds from above, and none fits under the board.
    const firstFour = classes.slice(0, 4).map((c) => c.choices[0]!);
    expect(firstFour.every((c) => c.approach.z < -0.9)).toBe(true);
    for (const choice of firstFour) expect(overheadShortfallM(scene, mustard, choice, MUSTARD)).toBeGreaterThan(0);
    const plan = solvePickAndPlace(scene, { object: mustard.id, target: MUSTARD, effector: 'auto' });
    expect(Math.abs(plan.pick!.motion.choice.approach.z)).toBeLessThan(0.1);
  });

  it('keeps the short coffee can held from above under the same kind of board', () => {
    const coffee = item('coffee-can');
    const best = classesOf(coffee)[0]!.choices[0]!;
    expect(best.approach.z).toBeLessThan(-0.9);
    expect(overheadShortfallM(scene, coffee, best, COFFEE)).toBeUndefined();
    const plan = solvePickAndPlace(scene, { object: coffee.id, target: COFFEE, effector: 'auto' });
    expect(plan.pick!.motion.choice.approach.z).toBeLessThan(-0.9);
  });

  it('keeps the cereal box held from above on the top level, with nothing over it', () => {
    const cereal = item('cereal-box');
    const plan = solvePickAndPlace(scene, { object: cereal.id, target: TOP_LEVEL, effector: 'auto' });
    expect(plan.pick!.motion.choice.approach.z).toBeLessThan(-0.9);
  });
});
