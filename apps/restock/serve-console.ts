import { fileURLToPath } from 'node:url';
import { serveStatic, type StaticServer } from './static-server.ts';

/** Where the console's build lands (apps/viewer/vite.config.ts `build.outDir`). */
export const CONSOLE_DIST = fileURLToPath(new URL('../viewer/dist/', import.meta.url));
const CONSOLE_CONFIG = fileURLToPath(new URL('../viewer/vite.config.ts', import.meta.url));

/** Builds the operator console with Vite into `apps/viewer/dist/` (plain static files). */
export async function buildConsole(): Promise<string> {
  const { build } = await import('vite');
  await build({ configFile: CONSOLE_CONFIG, logLevel: 'error' });
  return CONSOLE_DIST;
}

/** Builds the console and serves it on localhost; the page runs the sim and the graph itself. */
export async function serveConsole(port: number): Promise<StaticServer> {
  return serveStatic(await buildConsole(), port);
}
