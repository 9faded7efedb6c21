import { fetchFileSource } from '../../../scenes/file-source.ts';
import { openStore } from '../../restock/store-session.ts';
import { ConsoleApp } from './console-app.ts';
import { SPEEDS } from './sim-pacer.ts';

// The console page: fetches the planogram, its scene, the robot's URDF and the restock task from the same folder as
// the page, builds the store in Rapier (WASM) and runs everything here. URL parameters: seed, fill (0..1, share
// of facings stocked at the start), empty (a facing to start empty; repeatable), shoppers (items per hour),
// planogram (path), speed (1, 2, 5, 10, max).
const params = new URLSearchParams(location.search);
const number = (name: string, fallback: number): number => {
  const value = Number(params.get(name) ?? Number.NaN);
  return Number.isFinite(value) ? value : fallback;
};
const root = document.getElementById('app')!;
root.textContent = 'loading the store…';
try {
  const source = fetchFileSource(new URL('./', location.href));
  const taskFile = 'tasks/restock.yaml';
  const store = await openStore({
    planogramPath: params.get('planogram') ?? 'scenes/store-planogram.yaml',
    source,
    seed: number('seed', 1),
    initialFill: Math.min(1, Math.max(0, number('fill', 0.85))),
    emptyFacings: params.getAll('empty'),
  });
  const robotSpec = store.scene.robots[0]!;
  const setup = {
    store,
    source,
    taskFile,
    taskText: await source.readText(taskFile),
    urdfText: await source.readText(robotSpec.urdfPath),
    shopperItemsPerHour: number('shoppers', 30),
  };
  root.replaceChildren();
  const app = new ConsoleApp(root, setup);
  const speed = SPEEDS.find((s) => s === params.get('speed'));
  if (speed !== undefined) app.setSpeed(speed);
  (window as unknown as { embodyConsole: unknown }).embodyConsole = {
    status: () => app.status(),
    compareJointFrames: () => app.robotView.compareJointFrames(),
  };
  app.loop();
} catch (error) {
  root.textContent = `cannot open the store: ${(error as Error).message}`;
  throw error;
}
