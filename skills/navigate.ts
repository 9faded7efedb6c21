import { type Observable, concat, defer, of, switchMap, take } from 'rxjs';
import { Vector2 } from 'three';
import { z } from 'zod';
import type { MobileBase } from '../hardware/mobile-base.ts';
import type { Pose2D } from '../src/math/pose.ts';
import type { SkillContext } from '../src/skill/context.ts';
import { defineSkill } from '../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../src/skill/events.ts';
import { SkillFailure } from '../src/skill/failure.ts';
import { drivePath, type DriveSettings } from './navigation/drive-path.ts';
import { yawError } from './navigation/follower.ts';
import { resolveGoal } from './navigation/goal.ts';
import type { NavigationMap } from '../src/world/navigation/navigation-map.ts';
import { planPath } from './navigation/plan-path.ts';
import { PolylinePath } from './navigation/polyline-path.ts';
import { walkingLimitsOf, walkPath } from './navigation/walk-path.ts';
import { withDeadline } from './navigation/with-deadline.ts';
import { worldObstacles } from './navigation/world-obstacles.ts';

const Pose2DSchema = z.strictObject({ x: z.number(), y: z.number(), yawRad: z.number() });

/** Input of `navigate`: a floor pose or a named place, arrival tolerances and time limits. */
export const NavigateInput = z.strictObject({
  /** `{ x, y, yawRad }` in the world frame, or the name of a world-model place such as `stand/aisle-a`. */
  goal: z.union([z.string().min(1), Pose2DSchema]),
  toleranceM: z.number().positive().default(0.03),
  toleranceRad: z
    .number()
    .positive()
    .default((3 * Math.PI) / 180),
  /** The whole skill, planning included, in scheduler time. */
  timeoutMs: z.number().positive().default(60_000),
  /** Commanded without moving for this long counts as blocked. */
  stallTimeoutMs: z.number().positive().default(3_000),
});
export type NavigateParams = z.infer<typeof NavigateInput>;

/**
 * Drives the base to a floor pose or a named place: plans on the static map in `ctx.services.navigationMap`
 * (footprint-inflated A* with line-of-sight smoothing, around world-model
 * objects tagged `obstacle` too), then follows the path with a controller for the base kind, or hands footsteps
 * to a biped's `walk`. Progress: `plan`, `follow` (fraction), `arrived`. Fails `no-path`, `blocked`, `timeout`;
 * `precondition-failed` without a base or a map, `hardware-fault` for a biped that cannot walk.
 * Cancelling sends a zero velocity and stops the base.
 *
 * @example
 * runSkill(navigate({ goal: 'stand/aisle-a', toleranceM: 0.03 }), ctx)
 */
export const navigate = defineSkill({
  name: 'navigate',
  description: 'Plan a collision-free path on the static map and drive the base to a pose or named place.',
  input: NavigateInput,
  run: (input, ctx) =>
    defer(() => {
      const base = requireBase(ctx);
      const map = ctx.services.navigationMap;
      if (!map) {
        throw new SkillFailure(
          'precondition-failed',
          'navigate: no navigation map in the context (ctx.services.navigationMap); the backend or launch file provides it',
        );
      }
      const goal = resolveGoal(input.goal, ctx.world);
      const route$ = base.pose$.pipe(
        take(1),
        switchMap((start) => route(base, map, start, goal, input, ctx)),
      );
      return withDeadline(route$, input.timeoutMs, ctx.scheduler, 'navigate');
    }),
});

function requireBase(ctx: SkillContext): MobileBase {
  const base = ctx.robot.parts.base;
  if (!base) throw new SkillFailure('precondition-failed', `navigate: robot '${ctx.robot.id}' has no mobile base`);
  if (base.kind === 'bipedal' && typeof base.walk !== 'function') {
    throw new SkillFailure(
      'hardware-fault',
      `navigate: the bipedal base of '${ctx.robot.id}' offers no walk(footsteps) capability`,
      {
        detail: { missing: 'MobileBase.walk', baseKind: base.kind },
      },
    );
  }
  return base;
}

/**
 * The path `navigate` would plan from `start` to `goal`, on the map it would plan on: a biped steps over (and onto)
 * what is lower than its step, so it plans on the map sliced above that height; world-model obstacles in the robot's
 * height band count.
 */
function planRoute(
  base: MobileBase,
  map: NavigationMap,
  start: Pose2D,
  goal: Pose2D,
  ctx: Pick<SkillContext, 'world'>,
) {
  const walking = base.kind === 'bipedal' ? walkingLimitsOf(base) : undefined;
  const planMap =
    walking === undefined ? map : map.withFloorClearance(Math.max(map.floorClearanceM, walking.maxStepHeightM));
  const band = [planMap.floorClearanceM, planMap.robotHeightM] as const;
  const plan = planPath(planMap, {
    start: new Vector2(start.x, start.y),
    goal: new Vector2(goal.x, goal.y),
    footprintRadiusM: base.limits.footprintRadiusM,
    obstacles: worldObstacles(ctx.world, band).map((o) => o.polygon),
  });
  return { plan, planMap, band, walking };
}

/**
 * Whether `navigate` would find a path from `start` to `goal` (the same planner, map and obstacles), for a skill
 * choosing among base poses before it drives; true when the context has no base or no map to judge by.
 */
export function navigableTo(
  ctx: Pick<SkillContext, 'robot' | 'services' | 'world'>,
  start: Pose2D,
  goal: Pose2D,
): boolean {
  const base = ctx.robot.parts.base;
  const map = ctx.services.navigationMap;
  if (!base || !map) return true;
  return planRoute(base, map, start, goal, ctx).plan.ok;
}

/**
 * The waypoints of the path `navigate` would plan from `start` to `goal` (the same planner, map and obstacles), for
 * a planner sweeping what the robot carries along the drive; undefined without a base or a map, or when it would
 * find none.
 */
export function plannedWaypoints(
  ctx: Pick<SkillContext, 'robot' | 'services' | 'world'>,
  start: Pose2D,
  goal: Pose2D,
): readonly Vector2[] | undefined {
  const base = ctx.robot.parts.base;
  const map = ctx.services.navigationMap;
  if (!base || !map) return undefined;
  const { plan } = planRoute(base, map, start, goal, ctx);
  return plan.ok ? plan.waypoints : undefined;
}

/** Plans from the base's current pose and follows; already there is an immediate `arrived`. */
function route(
  base: MobileBase,
  map: NavigationMap,
  start: Pose2D,
  goal: Pose2D,
  input: NavigateParams,
  ctx: SkillContext,
): Observable<ProgressUpdate> {
  const errorM = Math.hypot(goal.x - start.x, goal.y - start.y);
  const errorRad = Math.abs(yawError(goal.yawRad, start.yawRad));
  if (errorM <= input.toleranceM && errorRad <= input.toleranceRad) {
    return of({
      message: 'arrived',
      fraction: 1,
      data: { x: start.x, y: start.y, yawRad: start.yawRad, errorM, errorRad },
    });
  }
  const { plan, planMap, band, walking } = planRoute(base, map, start, goal, ctx);
  if (!plan.ok) {
    throw new SkillFailure('no-path', `navigate: ${plan.message}`, { detail: { kind: plan.kind, start, goal } });
  }
  const path = new PolylinePath(plan.waypoints);
  const planned: ProgressUpdate = {
    message: 'plan',
    fraction: 0,
    data: {
      lengthM: plan.lengthM,
      waypoints: plan.waypoints.map((p) => [p.x, p.y]),
      expandedCells: plan.expanded,
      escaped: plan.escapedTo !== undefined,
    },
  };
  const settings: DriveSettings = {
    toleranceM: input.toleranceM,
    toleranceRad: input.toleranceRad,
    stallTimeoutMs: input.stallTimeoutMs,
    obstacles: () => worldObstacles(ctx.world, band),
  };
  const follow$ =
    base.kind === 'bipedal' && base.walk
      ? walkPath(
          base as MobileBase & Required<Pick<MobileBase, 'walk'>>,
          path,
          start,
          goal,
          settings,
          ctx.scheduler,
          (x, y) => planMap.surfaceHeightAt(x, y, walking?.maxStepHeightM ?? 0),
        )
      : drivePath(base, path, goal, settings, ctx.scheduler);
  return concat(of(planned), follow$);
}
