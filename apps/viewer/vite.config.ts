import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

// The operator console's own build (the root vite.config.ts is the test runner's). Build:
//   npx vite build -c apps/viewer/vite.config.ts      → apps/viewer/dist/, plain static files
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The repository files the page fetches at run time (scenes, planograms, the robot's URDF, task files). */
const DATA_FOLDERS: readonly { readonly folder: string; readonly ext: RegExp }[] = [
  { folder: 'scenes', ext: /\.ya?ml$/ },
  { folder: 'hardware/robots', ext: /\.urdf$/ },
  { folder: 'tasks', ext: /\.ya?ml$/ },
];

function dataFiles(): string[] {
  return DATA_FOLDERS.flatMap(({ folder, ext }) =>
    readdirSync(join(ROOT, folder))
      .filter((name) => ext.test(name))
      .map((name) => `${folder}/${name}`),
  );
}

/**
 * Serves the data files beside the page: in the dev server from the repository, in a build as files of `dist/`, so
 * the page loads them with `fetch` exactly as Node loads them from disk.
 */
function repositoryData(): Plugin {
  return {
    name: 'embody-repository-data',
    configureServer(server) {
      const files = new Set(dataFiles());
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '').replace(/^\/+/, '');
        if (!files.has(path)) return next();
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(readFileSync(join(ROOT, path)));
      });
    },
    generateBundle() {
      for (const fileName of dataFiles()) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(join(ROOT, fileName)) });
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [repositoryData()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // The console, and the frame-rate baseline its benchmark compares it with (bench/console-fps.ts).
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        baseline: fileURLToPath(new URL('baseline.html', import.meta.url)),
      },
    },
  },
  // The sim worker is an ES module (it imports the Rapier bundle and the skills like the page does).
  worker: { format: 'es' },
  logLevel: 'warn',
});
