import type { Subscription } from 'rxjs';
import { Vector3 } from 'three';
import { HELD } from '../../skills/arm/held-objects.ts';
import { basePose2D } from '../../skills/arm/robot-frames.ts';
import { planRestock } from '../../skills/restock/gaps.ts';
import { isFolded } from '../../skills/reach/tuck-idle-arms.ts';
import { endCoolDown } from '../../skills/restock/memory.ts';
import { isUpright, objectsIn, stockPlace } from '../../skills/restock/stock.ts';
import { setDownSpotUnder } from '../../skills/restock/set-down.ts';
import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';
import { scanShelves } from '../../src/world/planogram-scan.ts';
import type { Pose } from '../../src/math/pose.ts';
import { emitStoreEvent } from './store-events.ts';
import { heldItemIds, type StoreSession } from './store-session.ts';
import { layOutTote, toteHandsOf } from './tote-layout.ts';
import { productObject } from './stock-items.ts';
import type { Observable } from 'rxjs';
import { clearTrapBlockers, jogTrappedArms, pickUpFromFloor, StaffCalls, takeFromStuckHands } from './staff-assist.ts';

/** A worker swaps the tote only while the robot's hands are this far from it, m. */
const HAND_CLEARANCE_M = 0.6;
/** An item whose centre is this far under the floor's top has fallen out of the store (through the floor), m. */
const FALLEN_OUT_BELOW_M = 0.1;

/** How busy the store is. */
export interface StoreLifeOptions {
  /** Items shoppers take per hour of sim time (a Poisson process); 0 for none. */
  readonly shopperItemsPerHour: number;
  /** Shoppers, staff and the tote refill keep this far from the robot's base, m. */
  readonly keepAwayM?: number;
  /** How often the tote is checked for a refill, ms of sim time. */
  readonly refillCheckMs?: number;
  /** How often staff tidy away dropped and knocked-over items, ms of sim time (3 min by default). */
  readonly tidyEveryMs?: number;
  /** How often compliance is sampled for the KPI chart, ms of sim time. */
  readonly complianceEveryMs?: number;
}

/**
 * The store around the robot, on the sim clock: shoppers take items off the shelves (their bodies leave the sim),
 * the tote is refilled from the backroom when it holds nothing the shelves need, staff tidy away items that fell,
 * and compliance is sampled. Each is an action on the sim scheduler that reschedules itself; `stop()` ends them.
 */
export class StoreLife {
  private readonly subscriptions: Subscription[] = [];
  private readonly keepAwayM: number;
  private readonly calls = new StaffCalls();

  /**
   * `pause` lets a person work on the robot: it stops the robot's graph, runs the work, then lets the graph go on;
   * false when the robot cannot be paused now (already paused, not running).
   */
  constructor(
    private readonly store: StoreSession,
    private readonly sink: TelemetrySink,
    private readonly options: StoreLifeOptions,
    private readonly pause: (work$: Observable<unknown>) => boolean = () => false,
  ) {
    this.keepAwayM = options.keepAwayM ?? 1.2;
  }

  /** Starts the store's processes (refilling the tote at once). */
  start(): void {
    const scheduler = this.store.simulation.sim.scheduler;
    const every = (periodMs: number, work: () => void, firstMs = periodMs): void => {
      this.subscriptions.push(
        scheduler.schedule(function (this: { schedule(state?: unknown, delay?: number): void }) {
          work();
          this.schedule(undefined, periodMs);
        }, firstMs),
      );
    };
    every(
      this.options.refillCheckMs ?? 5000,
      () => {
        this.clearFallenOut();
        this.calls.beginRound();
        takeFromStuckHands(this.store, this.sink, this.nowMs, this.calls);
        clearTrapBlockers(this.store, this.sink, this.nowMs, this.calls);
        jogTrappedArms(this.store, this.sink, this.nowMs, this.calls, this.pause);
        this.calls.endRound();
        pickUpFromFloor(this.store, this.sink, this.nowMs, (at) => this.handsNear(at));
        this.clearSetDownSpots();
        this.clearToppledStock();
        this.refillTote();
      },
      0,
    );
    every(this.options.tidyEveryMs ?? 180_000, () => this.tidy());
    every(this.options.complianceEveryMs ?? 60_000, () => this.sampleCompliance(), 0);
    if (this.options.shopperItemsPerHour > 0) this.nextShopper();
  }

  stop(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }

  private get nowMs(): number {
    return this.store.simulation.sim.timeMs;
  }

  private nearRobot(position: { x: number; y: number }): boolean {
    const base = basePose2D(this.store.robot);
    return base !== undefined && Math.hypot(position.x - base.x, position.y - base.y) < this.keepAwayM;
  }

  /** Shoppers arrive as a Poisson process: one self-rescheduling action with exponential gaps. */
  /** True when a hand of the robot is within reach of a point (a worker would not reach in beside it). */
  private handsNear(position: Vector3): boolean {
    const { robot } = this.store;
    return robot.parts.arms.some(
      (arm) =>
        new Vector3().setFromMatrixPosition(robot.body.linkPose(arm.tipLink)).distanceTo(position) < HAND_CLEARANCE_M,
    );
  }

  /** True while every arm stands folded in (its `stow` posture): the robot's sign that its hands keep out of the way. */
  private armsFolded(): boolean {
    const { robot } = this.store;
    return robot.parts.arms.every((arm) => isFolded(robot, arm));
  }

  /** True while the robot holds an item (it may be about to put it back into the tote). */
  private holding(): boolean {
    return heldItemIds(this.store).size > 0;
  }

  private nextShopper(): void {
    const random = this.store.random;
    const meanMs = 3_600_000 / this.options.shopperItemsPerHour;
    const gapMs = (): number => -Math.log(1 - random.next()) * meanMs;
    const shopperTakes = (): void => this.shopperTakes();
    this.subscriptions.push(
      this.store.simulation.sim.scheduler.schedule(function (this: {
        schedule(state?: unknown, delay?: number): void;
      }) {
        shopperTakes();
        this.schedule(undefined, gapMs());
      }, gapMs()),
    );
  }

  /** A shopper takes one item from a random stocked facing away from the robot. */
  private shopperTakes(): void {
    const { world, planogram, random, simulation } = this.store;
    const stocked = scanShelves(world.objects(), planogram).facings.filter(
      (f) => f.status === 'full' && !this.nearRobot(f.facing.poseInWorld.position),
    );
    const facing = stocked[random.int(stocked.length)];
    const objectId = facing?.itemIds[0];
    if (facing === undefined || objectId === undefined) return;
    simulation.removeObject(objectId);
    emitStoreEvent(this.sink, this.nowMs, {
      kind: 'shopper',
      object: objectId,
      sku: facing.facing.sku,
      facing: facing.facing.name,
    });
  }

  /**
   * Items that fell out of the store (under the floor: a dropped item the contact solver let through) leave the
   * sim at once, wherever the robot is: one falling on would count as knocked by every later try (its pose keeps
   * changing), and the three-minute tidy leaves items near the robot alone. Logged as a `tidy` event.
   */
  private clearFallenOut(): void {
    const { world, simulation } = this.store;
    const fallen = world
      .objects()
      .filter((o) => o.poseInWorld.position.z < -FALLEN_OUT_BELOW_M)
      .map((o) => o.id);
    if (fallen.length === 0) return;
    // An item that fell out of a hand (it slipped while the hand waited, stuck with it, for staff) is held no more:
    // left on the blackboard, the robot would wait for ever with a hand it thinks busy, and no tote would come.
    for (const id of fallen) {
      simulation.removeObject(id);
      this.store.blackboard.delete(HELD.of(id));
    }
    emitStoreEvent(this.sink, this.nowMs, { kind: 'tidy', removed: fallen, why: 'fell out of the store' });
  }

  /**
   * A worker clears what the robot set down on a set-down spot (`set-down` places: it could not go back into stock)
   * as soon as the robot's hands are clear of it or folded in (the rule of a tote swap). Logged as a `tidy` event.
   */
  private clearSetDownSpots(): void {
    const { world, simulation } = this.store;
    const held = heldItemIds(this.store);
    const setDown = world
      .objects()
      .filter((o) => !held.has(o.id) && (this.armsFolded() || !this.handsNear(o.poseInWorld.position)))
      .filter((o) => setDownSpotUnder(world, o) !== undefined)
      .map((o) => o.id);
    if (setDown.length === 0) return;
    for (const id of setDown) simulation.removeObject(id);
    emitStoreEvent(this.sink, this.nowMs, { kind: 'tidy', removed: setDown, why: 'cleared from a set-down spot' });
  }

  /**
   * A worker takes knocked-over items out of the tote as soon as the robot's hands are clear of it (the rule of a
   * tote swap): a fallen item is no stock to pick, and it blocks the grasps of the items beside it, so waiting for
   * the next tidy round would leave their facings given up for nothing. The facings given up meanwhile whose
   * product the tote holds are tried again (their stock can be reached now). Logged as a `tidy` event.
   */
  private clearToppledStock(): void {
    const { world, stockPlace: stockName, simulation } = this.store;
    const place = stockPlace(world, stockName);
    const held = heldItemIds(this.store);
    const inTote = objectsIn(world, place).filter((o) => !held.has(o.id));
    const toppled = inTote.filter((o) => !isUpright(o)).map((o) => o.id);
    if (toppled.length === 0 || this.handsNear(place.poseInWorld.position)) return;
    for (const id of toppled) simulation.removeObject(id);
    const skus = new Set(inTote.filter((o) => isUpright(o)).map((o) => o.type));
    for (const f of planRestock(world, stockName, this.nowMs).coolingDown)
      if (skus.has(f.facing.sku)) endCoolDown(world, f.facing.name);
    emitStoreEvent(this.sink, this.nowMs, { kind: 'tidy', removed: toppled, why: 'knocked over in the tote' });
  }

  /**
   * When nothing in the tote is needed (it is empty, or holds only products no facing lacks) and facings await
   * stock, a worker swaps it for one holding those products, while the robot's hands are empty and clear of it, or
   * folded in (a robot idling beside the tote with its arms stowed keeps them out of the worker's way).
   */
  private refillTote(): void {
    const { world, stockPlace: stockName, scene, simulation } = this.store;
    const plan = planRestock(world, stockName, this.nowMs);
    if (plan.toRestock.length > 0 || plan.awaitingStock.length === 0) return;
    const place = stockPlace(world, stockName);
    if (this.holding() || (this.handsNear(place.poseInWorld.position) && !this.armsFolded())) return;
    const tote = scene.fixtures.find((f) => f.id === stockName);
    if (tote?.kind !== 'tote') return;
    const leftovers = objectsIn(world, place).map((o) => o.id);
    for (const id of leftovers) simulation.removeObject(id);
    const { placed } = layOutTote(
      tote,
      plan.awaitingStock.map((f) => f.facing.sku),
      toteHandsOf(this.store.robot),
    );
    for (const item of placed) this.addStock(item.sku, item.poseInWorld);
    emitStoreEvent(this.sink, this.nowMs, {
      kind: 'tote-refill',
      added: placed.length,
      removed: leftovers.length,
      skus: placed.map((p) => p.sku),
    });
  }

  private addStock(sku: string, poseInWorld: Pose): void {
    const { scene, simulation } = this.store;
    simulation.addObject(productObject(scene, sku, this.store.newItemId('stock', sku), poseInWorld, []));
  }

  /**
   * Staff take away items that are neither standing in a facing, nor standing in the tote, nor held: dropped,
   * knocked over (on a shelf or in the tote) or left between facings.
   */
  private tidy(): void {
    const { world, planogram, stockPlace: stockName, simulation } = this.store;
    const scan = scanShelves(world.objects(), planogram);
    const inFacings = new Set(scan.facings.flatMap((f) => f.itemIds));
    const inTote = new Set(
      objectsIn(world, stockPlace(world, stockName))
        .filter((o) => isUpright(o))
        .map((o) => o.id),
    );
    const held = heldItemIds(this.store);
    const strays = world
      .objects()
      .filter((o) => !inFacings.has(o.id) && !inTote.has(o.id) && !held.has(o.id))
      .filter((o) => !this.nearRobot(o.poseInWorld.position))
      .map((o) => o.id);
    if (strays.length === 0) return;
    for (const id of strays) simulation.removeObject(id);
    emitStoreEvent(this.sink, this.nowMs, { kind: 'tidy', removed: strays, why: 'dropped, knocked over or misplaced' });
  }

  private sampleCompliance(): void {
    const scan = scanShelves(this.store.world.objects(), this.store.planogram);
    emitStoreEvent(this.sink, this.nowMs, {
      kind: 'compliance',
      compliance: scan.compliance,
      emptyFacings: scan.facings.filter((f) => f.status === 'empty').length,
    });
  }
}
