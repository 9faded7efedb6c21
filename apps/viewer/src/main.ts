import { fetchFileSource } from '../../../scenes/file-source.ts';
import { loadPlanogram } from '../../../scenes/load-planogram.ts';
import { parseUrdf } from '../../../src/kinematics/urdf-parser.ts';
import { ConsoleApp } from './console-app.ts';
import { SPEEDS } from './sim-pacer.ts';
import { DEFAULT_RENDER_SCALE } from './view-3d.ts';

// The console page: fetches the planogram, its scene and the robot's URDF from the page's folder to draw the store,
// and opens the same store in a worker that runs Rapier (WASM), the restocking graph and the store's life. URL
// parameters: seed, fill (0..1, share of facings stocked at the start), empty (a facing to start empty;
// repeatable), shoppers (items per hour), planogram (path), speed (1, 2, 5, 10, max), scale (share of the view's
// pixels rendered, 0.25..1; DEFAULT_RENDER_SCALE when absent).
const params = new URLSearchParams(location.search);
const number = (name: string, fallback: number): number => {
  const value = Number(params.get(name) ?? Number.NaN);
  return Number.isFinite(value) ? value : fallback;
};
const root = document.getElementById('app')!;
root.textContent = 'loading the store…';
try {
  const baseUrl = new URL('./', location.href).href;
  const source = fetchFileSource(baseUrl);
  const planogramPath = params.get('planogram') ?? 'scenes/store-planogram.yaml';
  const { scene, planogram } = await loadPlanogram(planogramPath, source);
  const robot = scene.robots[0];
  if (robot === undefined) throw new Error(`${scene.fileName}: the store has no robot`);
  const urdfText = await source.readText(robot.urdfPath);
  root.replaceChildren();
  const app = new ConsoleApp(root, {
    scene,
    planogram,
    urdfText,
    model: parseUrdf(urdfText, robot.urdfPath),
    params: {
      planogramPath,
      taskFile: 'tasks/restock.yaml',
      seed: number('seed', 1),
      initialFill: Math.min(1, Math.max(0, number('fill', 0.85))),
      emptyFacings: params.getAll('empty'),
      shopperItemsPerHour: number('shoppers', 30),
      baseUrl,
    },
    renderScale: Math.min(1, Math.max(0.25, number('scale', DEFAULT_RENDER_SCALE))),
  });
  const speed = SPEEDS.find((s) => s === params.get('speed'));
  if (speed !== undefined) app.setSpeed(speed);
  (window as unknown as { embodyConsole: unknown }).embodyConsole = {
    status: () => app.status(),
    compareJointFrames: () => app.robotView.compareJointFrames(),
    compareProducts: () => app.storeView.compareProducts(app.client),
    perf: () => app.perf(),
  };
  await app.open();
} catch (error) {
  root.textContent = `cannot open the store: ${(error as Error).message}`;
  throw error;
}
