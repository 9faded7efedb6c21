import type { Vector3 } from 'three';
import { SimScheduler } from '../src/time/sim-scheduler.ts';
import { loadRapier, type Collider, type EventQueue, type Rapier, type RigidBody, type World } from './rapier.ts';
import { freshContactHooks, type ContactHooks } from './fresh-contacts.ts';
import { configureSolver, SOLVER } from './solver-config.ts';

export interface SimWorldOptions {
  /** Physics steps per second; 240 by default. */
  readonly stepHz?: number;
  readonly gravityMps2?: number;
  /** Rapier's contact softness; 120 Hz keeps a 20 N finger within ~2 mm of a box (default 30 Hz sinks ~15 mm). */
  readonly contactNaturalFrequencyHz?: number;
  /** Solver iterations; 8 by default: at 4 a box held through the compliant wrist creeps in the grip. */
  readonly solverIterations?: number;
  /**
   * Rapier's inner (PGS) iterations per solver iteration; 1, Rapier's own, by default. Benches set it to weigh a
   * trial solver variant (`bench/label-transfer.ts`, BENCH_TRANSFER_SOLVER) in the robot's world.
   */
  readonly internalPgsIterations?: number;
  /** Let resting bodies sleep (default true); the bench turns it off to measure the cost. */
  readonly sleeping?: boolean;
  /** Distance within which Rapier makes (speculative) contacts, m; `PREDICTION_DISTANCE_M` (2 mm) by default, why there. */
  readonly predictionDistanceM?: number;
  /** The scheduler skills run on; the world advances it by one step per physics step. */
  readonly scheduler?: SimScheduler;
}

/** A controller or sensor with state outside Rapier, saved in snapshots so a restore replays exactly. */
export interface SimStateful {
  readonly stateKey: string;
  saveState(): unknown;
  loadState(state: unknown): void;
}

/** Physics plus every controller's state at one step. */
export interface SimSnapshot {
  readonly physics: Uint8Array;
  readonly stepCount: number;
  readonly timeMs: number;
  readonly states: ReadonlyMap<string, unknown>;
  /** Bodies that carry this step's applied forces, so the next step clears them after a restore too. */
  readonly forcedBodies: readonly number[];
}

export type StepHook = (dtS: number) => void;
export type CollisionListener = (collider1: number, collider2: number, started: boolean) => void;

/**
 * Owns the Rapier world and the sim clock. Each `step()` runs the pre-step
 * hooks (controllers), steps physics, runs the post-step hooks (sensors, collision checks), then advances the
 * scheduler so skills' timers run in sim time. Bodies are addressed by handle, since a snapshot restore
 * replaces every Rapier object.
 */
export class SimWorld {
  world: World;
  readonly dtS: number;
  readonly sleeping: boolean;
  readonly scheduler: SimScheduler;
  /** Readable names of colliders (`fixture shelf-a/board-2`, `object can-1`, `link right_forearm`), for errors. */
  readonly colliderNames = new Map<number, string>();
  /** Colliders removed so far; with `colliderNames.size` it tells caches of the collider set that it changed. */
  private removedColliders = 0;
  private steps = 0;
  private readonly preStep: StepHook[] = [];
  private readonly postStep: StepHook[] = [];
  private readonly collisionListeners: CollisionListener[] = [];
  private readonly stateful = new Map<string, SimStateful>();
  private readonly forcedBodies = new Set<number>();
  private readonly events: EventQueue;
  /** Passed with the event queue: pads' colliders are never recycled (fresh-contacts.ts) and need a filter. */
  private readonly hooks: ContactHooks;

  private constructor(
    readonly rapier: Rapier,
    private readonly options: Required<Omit<SimWorldOptions, 'scheduler'>>,
    scheduler: SimScheduler,
  ) {
    this.dtS = 1 / options.stepHz;
    this.sleeping = options.sleeping;
    this.scheduler = scheduler;
    this.world = new rapier.World({ x: 0, y: 0, z: -options.gravityMps2 });
    this.configure(this.world);
    this.events = new rapier.EventQueue(true);
    this.hooks = freshContactHooks(rapier);
  }

  /** Loads Rapier (once per process) and makes an empty world. */
  static async create(options: SimWorldOptions = {}): Promise<SimWorld> {
    const rapier = await loadRapier();
    // Unset options come from the one solver configuration that the grasp trials share (solver-config.ts).
    const full = {
      stepHz: options.stepHz ?? SOLVER.stepHz,
      gravityMps2: options.gravityMps2 ?? 9.81,
      contactNaturalFrequencyHz: options.contactNaturalFrequencyHz ?? SOLVER.contactNaturalFrequencyHz,
      solverIterations: options.solverIterations ?? SOLVER.solverIterations,
      internalPgsIterations: options.internalPgsIterations ?? SOLVER.internalPgsIterations,
      sleeping: options.sleeping ?? true,
      predictionDistanceM: options.predictionDistanceM ?? SOLVER.predictionDistanceM,
    };
    return new SimWorld(rapier, full, options.scheduler ?? new SimScheduler());
  }

  private configure(world: World): void {
    configureSolver(world, this.options);
  }

  get stepCount(): number {
    return this.steps;
  }

  /** Sim time in ms: steps taken × step length. */
  get timeMs(): number {
    return (this.steps * 1000) / this.options.stepHz;
  }

  body(handle: number): RigidBody {
    return this.world.getRigidBody(handle);
  }

  collider(handle: number): Collider {
    return this.world.getCollider(handle);
  }

  /** Changes whenever a collider is added (with a name) or removed: a key for caches of the collider set. */
  get colliderSetKey(): string {
    return `${this.colliderNames.size}/${this.removedColliders}`;
  }

  /** Removes a body and its colliders from the world (an object taken out of the scene). */
  removeBody(handle: number): void {
    const body = this.body(handle);
    for (let i = 0; i < body.numColliders(); i++) {
      this.colliderNames.delete(body.collider(i).handle);
      this.removedColliders++;
    }
    this.forcedBodies.delete(handle);
    this.world.removeRigidBody(body);
  }

  /** Runs `hook` before every physics step (controllers); returns its removal. */
  addPreStep(hook: StepHook): () => void {
    return addTo(this.preStep, hook);
  }

  /** Runs `hook` after every physics step (sensors, monitors); returns its removal. */
  addPostStep(hook: StepHook): () => void {
    return addTo(this.postStep, hook);
  }

  /** Collision start/stop events of colliders that asked for them (`ActiveEvents.COLLISION_EVENTS`). */
  onCollision(listener: CollisionListener): () => void {
    return addTo(this.collisionListeners, listener);
  }

  /** Registers controller state for snapshots; keys must be unique. */
  addStateful(component: SimStateful): void {
    if (this.stateful.has(component.stateKey)) throw new Error(`sim: duplicate state key '${component.stateKey}'`);
    this.stateful.set(component.stateKey, component);
  }

  /** Applies a force for the coming step only (Rapier keeps user forces until reset; we reset every step). */
  applyForce(handle: number, forceN: Vector3, pointInWorld?: Vector3): void {
    const body = this.body(handle);
    if (pointInWorld === undefined) body.addForce(forceN, true);
    else body.addForceAtPoint(forceN, pointInWorld, true);
    this.forcedBodies.add(handle);
  }

  /** Applies a torque for the coming step only. */
  applyTorque(handle: number, torqueNm: Vector3): void {
    this.body(handle).addTorque(torqueNm, true);
    this.forcedBodies.add(handle);
  }

  step(): void {
    for (const hook of this.preStep) hook(this.dtS);
    this.world.step(this.events, this.hooks);
    // Rapier keeps user forces and torques until reset; ours last one step, whoever applied them.
    for (const handle of this.forcedBodies) {
      const body = this.body(handle);
      body.resetForces(false);
      body.resetTorques(false);
    }
    this.forcedBodies.clear();
    this.steps += 1;
    if (this.collisionListeners.length > 0) {
      this.events.drainCollisionEvents((h1, h2, started) => {
        for (const listener of this.collisionListeners) listener(h1, h2, started);
      });
    } else {
      this.events.clear();
    }
    for (const hook of this.postStep) hook(this.dtS);
    this.scheduler.advanceTo(this.timeMs);
  }

  /** Steps for `durationMs` of sim time (rounded to whole steps). */
  runFor(durationMs: number): void {
    const n = Math.round(durationMs / (this.dtS * 1000));
    for (let i = 0; i < n; i++) this.step();
  }

  /** Steps until `done()` holds (checked before each step) or `limitMs` of sim time passed; returns `done()`. */
  runUntil(done: () => boolean, limitMs: number): boolean {
    const end = this.timeMs + limitMs;
    while (!done()) {
      if (this.timeMs >= end - 1e-9) return false;
      this.step();
    }
    return true;
  }

  /**
   * Starts a fresh world's clock at `stepCount` steps (a resumed run continues its sim time), before anything was
   * stepped or scheduled: timers already queued would keep their old absolute times.
   */
  startClockAt(stepCount: number): void {
    if (this.steps !== 0 || this.scheduler.pending > 0)
      throw new Error('sim: the clock can only be set before the first step and before anything is scheduled');
    if (!Number.isInteger(stepCount) || stepCount < 0) throw new RangeError(`sim: bad step count ${stepCount}`);
    this.steps = stepCount;
    this.scheduler.frame = this.timeMs;
  }

  takeSnapshot(): SimSnapshot {
    const states = new Map<string, unknown>();
    for (const [key, component] of this.stateful) states.set(key, component.saveState());
    return {
      physics: this.world.takeSnapshot(),
      stepCount: this.steps,
      timeMs: this.timeMs,
      states,
      forcedBodies: [...this.forcedBodies],
    };
  }

  /**
   * Puts physics, controllers and the clock back to a snapshot. Timers already queued on the scheduler stay
   * queued at their absolute times, so stop running skills before a restore.
   */
  restoreSnapshot(snapshot: SimSnapshot): void {
    const restored = this.rapier.World.restoreSnapshot(snapshot.physics);
    this.world.free();
    this.world = restored;
    this.configure(restored);
    this.forcedBodies.clear();
    for (const handle of snapshot.forcedBodies) this.forcedBodies.add(handle);
    this.steps = snapshot.stepCount;
    this.scheduler.frame = snapshot.timeMs;
    for (const [key, component] of this.stateful) {
      if (snapshot.states.has(key)) component.loadState(snapshot.states.get(key));
    }
  }

  free(): void {
    this.world.free();
    this.events.free();
  }
}

function addTo<T>(list: T[], item: T): () => void {
  list.push(item);
  return () => {
    const i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
  };
}
