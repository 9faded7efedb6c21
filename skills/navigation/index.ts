// Navigation for the `navigate` skill: planner, followers (the static map is in src/world/navigation). Pure functions and small classes;
// nothing here touches a backend.

// Planning
export { planPath, type PlanRequest, type PlanResult, type PlanFailureKind } from './plan-path.ts';
export { aStar, octile, type GridSearchResult } from './a-star.ts';
export { lineOfSight } from './line-of-sight.ts';
export { smoothPath, dropCollinear } from './smooth-path.ts';
export { PolylinePath } from './polyline-path.ts';

// Following
export { holonomicFollower } from './holonomic-follower.ts';
export { differentialFollower } from './differential-follower.ts';
export { walkPath, walkingLimitsOf } from './walk-path.ts';
export type { PathFollower, FollowerStep, FollowerSettings } from './follower.ts';

// Goals, time
export { resolveGoal, goalPose2D, type NavigationGoal } from './goal.ts';
export { drivePath, CONTROL_TICK_MS, type DriveSettings } from './drive-path.ts';

// Dynamic obstacles from the world model
export { OBSTACLE_TAG, worldObstacles, obstacleOnPath, type ObstacleFootprint } from './world-obstacles.ts';
