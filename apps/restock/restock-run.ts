import type { Observable, Subscription } from 'rxjs';
import { waitForWork } from '../../skills/restock/wait-for-work.ts';
import { fallback } from '../../src/graph/fallback.ts';
import { repeat } from '../../src/graph/repeat.ts';
import { succeed } from '../../src/graph/succeed.ts';
import { freeHands } from '../../skills/restock/put-back.ts';
import { tuckIdle } from '../../skills/restock/tuck-idle.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';
import { compileTask } from '../../src/task/compile-task.ts';
import { restockRegistries } from './registries.ts';
import { StoreLife, type StoreLifeOptions } from './store-life.ts';
import { storeSkillContext, type StoreSession } from './store-session.ts';

/** How a restocking run goes. */
export interface RestockRunOptions {
  /** The restock round as a task file (`tasks/restock.yaml`): its text and its name for errors. */
  readonly taskText: string;
  readonly taskFile: string;
  /** Round after round, waiting for work in between (shoppers keep emptying facings), until stopped. */
  readonly continuous: boolean;
  readonly telemetry: TelemetrySink;
  readonly life: StoreLifeOptions;
}

/** Where a run is: not started, running, ended by itself, or stopped (cancelled). */
export type RunState =
  | { readonly status: 'idle' | 'running' | 'stopped' | 'succeeded' }
  | { readonly status: 'failed'; readonly failure: SkillFailure };

/**
 * A restocking run in a store: the task file's round (wrapped in `repeat(waitForWork, round)` when continuous), the
 * store's life around it, and the one cancellation path: `stop()` unsubscribes the graph, so every running node's
 * teardown halts what it moved (the same path Ctrl-C takes in `npm start`). The caller steps the world.
 */
export class RestockRun {
  readonly root: Skill;
  private readonly life: StoreLife;
  private subscription: Subscription | undefined;
  /** A person's work on the robot while its graph is paused (`pauseFor`). */
  private paused: Subscription | undefined;
  private current: RunState = { status: 'idle' };

  constructor(
    private readonly store: StoreSession,
    private readonly options: RestockRunOptions,
  ) {
    const round = compileTask(options.taskText, options.taskFile, restockRegistries()).root;
    this.root = options.continuous
      ? repeat(
          { name: 'continuous', count: Number.POSITIVE_INFINITY },
          sequence(
            { name: 'shift' },
            // Never idle with an item in the hand (every later task would wait on that hand, and the tote is
            // swapped only while the hands are empty): put it back first. A hand nothing would free is reported
            // (`handStuck`), and the shift goes on with the other hand.
            fallback({ name: 'hands' }, freeHands(store.stockPlace), succeed({ name: 'hand-stuck' })),
            // Idle with the arms folded in: a hand left over the tote keeps the staff from swapping it.
            fallback({ name: 'idle-arms' }, tuckIdle({}), succeed({ name: 'arms-out' })),
            waitForWork({ stock: store.stockPlace }),
            round,
          ),
        )
      : round;
    this.life = new StoreLife(store, options.telemetry, options.life, (work$) => this.pauseFor(work$));
  }

  get state(): RunState {
    return this.current;
  }

  /** Starts (or resumes after `stop`) the graph and the store's life; a resumed run scans afresh. */
  start(): void {
    if (this.current.status === 'running') return;
    this.current = { status: 'running' };
    this.life.start();
    this.runGraph();
  }

  /**
   * A person works on the robot (staff jogging a trapped arm): the graph is stopped (its teardowns halt what moved),
   * `work$` runs, then the graph starts again and scans afresh. False when the run is not running or already paused.
   */
  pauseFor(work$: Observable<unknown>): boolean {
    if (this.current.status !== 'running' || this.paused !== undefined) return false;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    const goOn = (): void => {
      this.paused = undefined;
      if (this.current.status === 'running') this.runGraph();
    };
    this.paused = work$.subscribe({ complete: goOn, error: goOn });
    return true;
  }

  private runGraph(): void {
    const ctx = storeSkillContext(this.store, this.options.telemetry, this.store.random.fork(2));
    this.subscription = runSkill(this.root, ctx).subscribe({
      error: (error: unknown) => {
        this.current = { status: 'failed', failure: toSkillFailure(error) };
        this.life.stop();
      },
      complete: () => {
        this.current = { status: 'succeeded' };
        this.life.stop();
      },
    });
  }

  /** Cancels the graph (its teardowns halt the robot) and pauses the store's life. */
  stop(): void {
    this.life.stop();
    if (this.current.status !== 'running') return;
    this.current = { status: 'stopped' };
    this.paused?.unsubscribe();
    this.paused = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** One physics step of the store's world (which advances the sim clock the graph runs on). */
  step(): void {
    this.store.simulation.sim.step();
  }
}
