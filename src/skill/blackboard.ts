/**
 * A typed blackboard entry: its name, and how to show its value in a trace. The value type is carried by the key,
 * so `get(HELD.of('can-1'))` is a `HeldObject` without a cast.
 */
export interface BlackboardKey<T> {
  readonly name: string;
  /** A small JSON-able summary of a value, for telemetry (a pose as numbers, not a three.js object). */
  readonly summarize: (value: T) => unknown;
}

/** A family of keys with one value type, one key per id: `held/<objectId>`, `plan/<objectId>`. */
export interface KeyFamily<T> {
  readonly prefix: string;
  /** The key of one member. */
  of(id: string): BlackboardKey<T>;
  /** The port pattern that matches every member (`held/*`). */
  readonly all: string;
}

/** A key that is not part of a family. */
export function blackboardKey<T>(name: string, summarize: (value: T) => unknown = (value) => value): BlackboardKey<T> {
  return { name, summarize };
}

/**
 * A family of keys `<prefix>/<id>`.
 *
 * @example
 * export const HELD = keyFamily<HeldObject>('held', (h) => ({ arm: h.armName, effector: h.effector }));
 */
export function keyFamily<T>(prefix: string, summarize: (value: T) => unknown = (value) => value): KeyFamily<T> {
  return { prefix, of: (id) => ({ name: `${prefix}/${id}`, summarize }), all: `${prefix}/*` };
}

/**
 * The data ports a node declares, as BehaviorTree.CPP nodes declare theirs: blackboard key names, or a family
 * pattern (`held/*`). The task compiler checks them (a node whose input no earlier node can have written is
 * reported); at run time a leaf may touch only the keys it declared.
 */
export interface SkillPorts {
  /** Keys the node needs: without them it fails `precondition-failed`. */
  readonly inputs?: readonly string[];
  /** Keys the node reads when they are there. */
  readonly optionalInputs?: readonly string[];
  /** Keys the node writes or deletes. */
  readonly outputs?: readonly string[];
}

/** Whether a port name or pattern (`held/*`, `held/${item}`) covers a key name. */
export function portCovers(port: string, keyName: string): boolean {
  if (port === keyName) return true;
  if (port.endsWith('/*')) return keyName.startsWith(port.slice(0, -1));
  return false;
}

/** A write as telemetry shows it: the key and the value's summary, or that the entry was removed. */
export interface BlackboardWrite {
  readonly key: string;
  readonly value?: unknown;
  readonly deleted?: true;
}

/** What a skill sees of the blackboard (`ctx.blackboard`). */
export interface BlackboardView {
  get<T>(key: BlackboardKey<T>): T | undefined;
  set<T>(key: BlackboardKey<T>, value: T): void;
  delete<T>(key: BlackboardKey<T>): void;
  /** Every present member of a family, as `[id, value]`. */
  entries<T>(family: KeyFamily<T>): [string, T][];
  /**
   * A view that allows only the keys `ports` declares (a read or write of any other key throws: an undeclared
   * port is a bug, not a failure), and reports each write to `onWrite`. Scoping a scoped view scopes the store.
   */
  scoped(owner: string, ports: SkillPorts, onWrite?: (write: BlackboardWrite) => void): BlackboardView;
}

/**
 * The store data passes through between skills: what `grasp` leaves for `place` (`held/<object>`), the plan the
 * pick-and-place planner leaves for the nodes that execute it. One per run (or per robot session, shared by
 * runs); nothing is kept anywhere else.
 */
export class Blackboard implements BlackboardView {
  private readonly values = new Map<string, unknown>();

  get<T>(key: BlackboardKey<T>): T | undefined {
    return this.values.get(key.name) as T | undefined;
  }

  set<T>(key: BlackboardKey<T>, value: T): void {
    this.values.set(key.name, value);
  }

  delete<T>(key: BlackboardKey<T>): void {
    this.values.delete(key.name);
  }

  entries<T>(family: KeyFamily<T>): [string, T][] {
    const prefix = `${family.prefix}/`;
    return [...this.values]
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value as T]);
  }

  /** Every key present, for traces and tests. */
  keys(): string[] {
    return [...this.values.keys()];
  }

  scoped(owner: string, ports: SkillPorts, onWrite?: (write: BlackboardWrite) => void): BlackboardView {
    return new ScopedView(this, owner, ports, onWrite);
  }
}

class ScopedView implements BlackboardView {
  constructor(
    private readonly store: Blackboard,
    private readonly owner: string,
    private readonly ports: SkillPorts,
    private readonly onWrite: ((write: BlackboardWrite) => void) | undefined,
  ) {}

  get<T>(key: BlackboardKey<T>): T | undefined {
    this.check(key.name, 'read', [...(this.ports.inputs ?? []), ...(this.ports.optionalInputs ?? [])]);
    return this.store.get(key);
  }

  set<T>(key: BlackboardKey<T>, value: T): void {
    this.check(key.name, 'write', this.ports.outputs ?? []);
    this.store.set(key, value);
    this.onWrite?.({ key: key.name, value: key.summarize(value) });
  }

  delete<T>(key: BlackboardKey<T>): void {
    this.check(key.name, 'write', this.ports.outputs ?? []);
    this.store.delete(key);
    this.onWrite?.({ key: key.name, deleted: true });
  }

  entries<T>(family: KeyFamily<T>): [string, T][] {
    this.check(`${family.prefix}/*`, 'read', [
      ...(this.ports.inputs ?? []),
      ...(this.ports.optionalInputs ?? []),
      ...(this.ports.outputs ?? []),
    ]);
    return this.store.entries(family);
  }

  scoped(owner: string, ports: SkillPorts, onWrite?: (write: BlackboardWrite) => void): BlackboardView {
    return this.store.scoped(owner, ports, onWrite);
  }

  private check(name: string, access: 'read' | 'write', allowed: readonly string[]): void {
    if (allowed.some((port) => portCovers(port, name))) return;
    throw new Error(
      `${this.owner}: ${access} of blackboard key '${name}' that its ports do not declare (declared: ${allowed.join(', ') || 'none'})`,
    );
  }
}
