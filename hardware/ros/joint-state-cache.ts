import { Subject, type Observable } from 'rxjs';
import type { JointStateMsg } from './messages.ts';

/** One joint's latest reading. */
export interface JointReading {
  readonly position: number;
  readonly velocity: number;
  readonly effort: number;
}

/**
 * The latest `/joint_states` reading of every joint by URDF name. Drivers publish joints in any order and
 * grippers often on their own topic, so parts look their joints up by name rather than by index.
 */
export class JointStateCache {
  /** Emits after each message was applied, with the scheduler time it arrived. */
  readonly updated$: Observable<number>;
  private readonly readings = new Map<string, JointReading>();
  private readonly updated = new Subject<number>();

  constructor() {
    this.updated$ = this.updated.asObservable();
  }

  apply(message: JointStateMsg, stampMs: number): void {
    message.name.forEach((name, i) => {
      this.readings.set(name, {
        position: message.position[i] ?? Number.NaN,
        velocity: message.velocity[i] ?? 0,
        effort: message.effort[i] ?? 0,
      });
    });
    this.updated.next(stampMs);
  }

  get(name: string): JointReading | undefined {
    return this.readings.get(name);
  }

  /** Readings of `names` in order, or undefined until every one of them has been heard. */
  all(names: readonly string[]): JointReading[] | undefined {
    const out: JointReading[] = [];
    for (const name of names) {
      const r = this.readings.get(name);
      if (r === undefined) return undefined;
      out.push(r);
    }
    return out;
  }

  /** Every joint heard so far, by name. */
  positions(): Record<string, number> {
    return Object.fromEntries([...this.readings].map(([name, r]) => [name, r.position]));
  }
}
