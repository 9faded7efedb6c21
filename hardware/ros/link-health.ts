import {
  BehaviorSubject,
  distinctUntilChanged,
  filter,
  map,
  take,
  type Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { HardwareFault } from '../common.ts';
import type { LinkStatus } from './bridge-types.ts';

/** The robot's link as its parts see it: `ok`, the socket down, or state that stopped arriving. */
export type LinkHealthState = 'ok' | 'disconnected' | 'stale';

/**
 * The watchdog over a robot's state stream: healthy only while the socket is up and state arrived within
 * `watchdogMs`. Every part asks it before commanding and fails a running motion when it turns bad.
 *
 * Node runs timers before it reads sockets, so a check that fires after the event loop was busy (IK, planning)
 * would find state "late" that is waiting unread in the socket; the check therefore looks again after the loop has
 * polled for I/O (`setImmediate`) before it calls the state stale.
 */
export class LinkHealth {
  readonly health$: Observable<LinkHealthState>;
  private readonly state = new BehaviorSubject<LinkHealthState>('disconnected');
  private lastHeardMs = Number.NEGATIVE_INFINITY;
  private connected = false;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    connection$: Observable<LinkStatus>,
    private readonly scheduler: SchedulerLike,
    readonly watchdogMs: number,
    /** What the state stream is, for messages (`/joint_states`). */
    private readonly stateName: string,
  ) {
    this.health$ = this.state.pipe(distinctUntilChanged());
    this.subscriptions.push(
      connection$.subscribe((status) => {
        this.connected = status === 'connected';
        // A fresh link gets a full watchdog period for its first state message.
        if (this.connected) this.lastHeardMs = scheduler.now();
        this.update();
      }),
    );
    // Checked ten times per watchdog period: a trip comes at most a tenth of it late.
    const period = Math.max(1, watchdogMs / 10);
    const tick = (): void => void setImmediate(() => this.update());
    this.subscriptions.push(
      scheduler.schedule(function (this: { schedule(state?: unknown, delay?: number): void }) {
        tick();
        this.schedule(undefined, period);
      }, period),
    );
  }

  get current(): LinkHealthState {
    return this.state.value;
  }

  /** Records that state arrived. */
  heard(): void {
    this.lastHeardMs = this.scheduler.now();
    if (this.state.value === 'stale') this.update();
  }

  /** The fault a command on `part` meets now, or undefined when the link is healthy. */
  faultFor(part: string): HardwareFault | undefined {
    switch (this.state.value) {
      case 'ok':
        return undefined;
      case 'disconnected':
        return new HardwareFault('not-connected', part, 'not connected to the robot (rosbridge link down)');
      case 'stale':
        return new HardwareFault('communication-lost', part, this.staleMessage());
    }
  }

  /** Emits once, the fault of `part`, when the link next turns bad. */
  lost$(part: string): Observable<HardwareFault> {
    return this.state.pipe(
      filter((s) => s !== 'ok'),
      take(1),
      map((s) =>
        s === 'stale'
          ? new HardwareFault('communication-lost', part, this.staleMessage())
          : new HardwareFault('communication-lost', part, 'rosbridge connection lost'),
      ),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }

  private staleMessage(): string {
    return `no ${this.stateName} for more than ${this.watchdogMs} ms (watchdog)`;
  }

  private update(): void {
    const next: LinkHealthState = !this.connected
      ? 'disconnected'
      : this.scheduler.now() - this.lastHeardMs > this.watchdogMs
        ? 'stale'
        : 'ok';
    if (next !== this.state.value) this.state.next(next);
  }
}
