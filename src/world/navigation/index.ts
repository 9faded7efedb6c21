// The static navigation map a backend or a launch file provides in `WorldServices`, and its grids.
export { NavigationMap, type NavigationMapOptions } from './navigation-map.ts';
export { OccupancyGrid, type GridGeometry } from './occupancy-grid.ts';
export { inflate, withObstacles, isFree, type InflatedGrid } from './inflated-grid.ts';
