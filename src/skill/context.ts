import type { SchedulerLike } from 'rxjs';
import type { Robot } from '../../hardware/robot.ts';
import type { TelemetrySink } from './telemetry-events.ts';
import type { WorldModel } from '../world/world-model.ts';
import type { RandomSource } from '../math/random.ts';
import type { Skill } from './skill.ts';

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
  readonly node: NodeLocation;
}

/** The context for child number `index` of the current node. */
export function childContext(ctx: SkillContext, index: number, child: Skill): SkillContext {
  return {
    ...ctx,
    node: {
      id: `${ctx.node.id}/${index}`,
      path: `${ctx.node.path}/${child.name}`,
      parentId: ctx.node.id,
    },
  };
}

/** The context of a graph's root node. */
export function rootContext(base: Omit<SkillContext, 'node'>, root: Skill): SkillContext {
  return { ...base, node: { id: '0', path: root.name } };
}
