import { fileURLToPath } from 'node:url';
import { serveStatic, type StaticServer } from './static-server.ts';

/** Where the console's build lands (apps/viewer/vite.config.ts `build.outDir`). */
export const CONSOLE_DIST = fileURLToPath(new URL('../viewer/dist/', import.meta.url));
const CONSOLE_CONFIG = fileURLToPath(new URL('../viewer/vite.config.ts', import.meta.url));

/**
 * Builds the operator console with Vite into `outDir` (plain static files), `apps/viewer/dist/` by default. Vite
 * empties the folder first, so a caller that serves a build while another may be made (a test beside the README's
 * `npm run build:console`) gives its own folder.
 */
export async function buildConsole(outDir: string = CONSOLE_DIST): Promise<string> {
  const { build } = await import('vite');
  await build({ configFile: CONSOLE_CONFIG, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Builds the console and serves it on localhost; the page runs the sim and the graph itself. */
export async function serveConsole(port: number): Promise<StaticServer> {
  return serveStatic(await buildConsole(), port);
}
