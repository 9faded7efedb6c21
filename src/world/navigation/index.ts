// The static navigation map a backend or a launch file registers beside the world model, and its grids.
export { NavigationMap, setNavigationMap, navigationMapOf, type NavigationMapOptions } from './navigation-map.ts';
export { OccupancyGrid, type GridGeometry } from './occupancy-grid.ts';
export { inflate, withObstacles, isFree, type InflatedGrid } from './inflated-grid.ts';
