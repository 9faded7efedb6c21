import type { Vector2 } from 'three';
import type { InflatedGrid } from '../../src/world/navigation/inflated-grid.ts';

/**
 * Whether the straight segment a→b (world m) crosses only free cells of the inflated grid. Walks every cell the
 * segment touches (Amanatides & Woo); where it passes exactly through a cell corner both side cells must be free,
 * so a shortcut never slips between two diagonal obstacles.
 */
export function lineOfSight(inflated: InflatedGrid, a: Vector2, b: Vector2): boolean {
  const { grid, blocked } = inflated;
  const res = grid.resolutionM;
  const ux = (a.x - grid.originXM) / res;
  const uy = (a.y - grid.originYM) / res;
  const vx = (b.x - grid.originXM) / res;
  const vy = (b.y - grid.originYM) / res;
  let cx = Math.floor(ux);
  let cy = Math.floor(uy);
  const endX = Math.floor(vx);
  const endY = Math.floor(vy);
  const free = (x: number, y: number): boolean => grid.inBounds(x, y) && blocked[grid.index(x, y)] === 0;
  if (!free(cx, cy)) return false;
  const dx = vx - ux;
  const dy = vy - uy;
  const stepX = Math.sign(dx);
  const stepY = Math.sign(dy);
  const tDeltaX = stepX === 0 ? Infinity : Math.abs(1 / dx);
  const tDeltaY = stepY === 0 ? Infinity : Math.abs(1 / dy);
  let tMaxX = stepX === 0 ? Infinity : (stepX > 0 ? cx + 1 - ux : ux - cx) * tDeltaX;
  let tMaxY = stepY === 0 ? Infinity : (stepY > 0 ? cy + 1 - uy : uy - cy) * tDeltaY;
  // Bounded by the cell count along the segment, so floating-point ties cannot loop forever.
  const maxSteps = Math.abs(endX - cx) + Math.abs(endY - cy) + 2;
  for (let i = 0; i < maxSteps && (cx !== endX || cy !== endY); i++) {
    if (Math.abs(tMaxX - tMaxY) < 1e-12) {
      if (tMaxX > 1) break;
      if (!free(cx + stepX, cy) || !free(cx, cy + stepY)) return false;
      cx += stepX;
      cy += stepY;
      tMaxX += tDeltaX;
      tMaxY += tDeltaY;
    } else if (tMaxX < tMaxY) {
      if (tMaxX > 1) break;
      cx += stepX;
      tMaxX += tDeltaX;
    } else {
      if (tMaxY > 1) break;
      cy += stepY;
      tMaxY += tDeltaY;
    }
    if (!free(cx, cy)) return false;
  }
  return true;
}
