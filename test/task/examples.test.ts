import { readdirSync } from 'node:fs';
import { restockRegistries } from '../../apps/restock/registries.ts';
import { describe, expect, it } from 'vitest';
import { SKILLS } from '../../skills/index.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { loadTask } from '../../src/task/index.ts';
import type { TaskRegistries } from '../../src/task/registries.ts';

const TASK_DIRS = ['examples', 'tasks'].map((dir) => new URL(`../../${dir}/`, import.meta.url));

// The shipped task files are what users copy first: each must compile against the real skill registry (skill
// names, every skill's params), so a renamed skill or param cannot break a documented command unnoticed.
// `tasks/restock.yaml` is `embody demo`'s task: it compiles against the demo's registries (every skill plus the
// planogram item query).
const REGISTRIES_OF: Record<string, () => TaskRegistries> = { 'restock.yaml': restockRegistries };
describe('shipped task files', () => {
  for (const dir of TASK_DIRS) {
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
      it(`${dir.pathname.split('/').slice(-2, -1)[0]}/${file} compiles against the skill registry`, async () => {
        const registries = REGISTRIES_OF[file]?.() ?? createDefaultRegistries(SKILLS);
        const task = await loadTask(new URL(file, dir).pathname, registries);
        expect(task.root).toBeDefined();
      });
    }
  }
});
