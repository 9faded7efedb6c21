import type { SchedulerLike } from 'rxjs';
import type { Robot } from '../../hardware/robot.ts';
import type { TelemetrySink } from './telemetry-events.ts';
import type { WorldModel } from '../world/world-model.ts';
import type { RandomSource } from '../math/random.ts';
import { NO_SERVICES, type WorldServices } from '../world/services.ts';
import { Blackboard, type BlackboardView } from './blackboard.ts';

/** Where a node sits in its graph. */
export interface NodeLocation {
  /** Index path from the root, `0/2/1`: stable across runs of the same graph. */
  readonly id: string;
  /** Name path, `restock/pick/grasp`. */
  readonly path: string;
  readonly parentId?: string;
}

/**
 * Everything a running skill may use. All time comes from `scheduler` (sim time in the sim, virtual time in
 * tests); skills never read the wall clock.
 */
export interface SkillContext {
  readonly robot: Robot;
  readonly world: WorldModel;
  readonly scheduler: SchedulerLike;
  readonly random: RandomSource;
  readonly telemetry: TelemetrySink;
  /**
   * What the backend knows beyond the world model (scene query, robot mounts, navigation map), set by whoever
   * built the world: the sim's `createSimulation`, `servicesForScene`, a hardware launch file.
   */
  readonly services: WorldServices;
  /**
   * Data passed between skills (what `grasp` leaves for `place`, a plan for the nodes that execute it). A leaf
   * sees only the keys its ports declare.
   */
  readonly blackboard: BlackboardView;
  readonly node: NodeLocation;
}

/**
 * What a run starts from: a context without its node. Services default to none, and the blackboard to a fresh one
 * for this run; pass one to share it between runs (a robot session that grasps in one run and places in the next).
 */
export type ContextBase = Omit<SkillContext, 'node' | 'services' | 'blackboard'> &
  Partial<Pick<SkillContext, 'services' | 'blackboard'>>;

/** The context for child number `index` of the current node (only the child's name is read: a `Skill` is one). */
export function childContext(ctx: SkillContext, index: number, child: { readonly name: string }): SkillContext {
  return {
    ...ctx,
    node: {
      id: `${ctx.node.id}/${index}`,
      path: `${ctx.node.path}/${child.name}`,
      parentId: ctx.node.id,
    },
  };
}

/** The context of a graph's root node (its name is the root of every path). */
export function rootContext(base: ContextBase, root: { readonly name: string }): SkillContext {
  return {
    ...base,
    services: base.services ?? NO_SERVICES,
    blackboard: base.blackboard ?? new Blackboard(),
    node: { id: '0', path: root.name },
  };
}
