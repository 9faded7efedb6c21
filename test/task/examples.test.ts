import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SKILLS } from '../../skills/index.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { loadTask } from '../../src/task/index.ts';

const TASK_DIRS = ['examples', 'tasks'].map((dir) => new URL(`../../${dir}/`, import.meta.url));

// The shipped task files are what users copy first: each must compile against the real skill registry (skill
// names, every skill's params), so a renamed skill or param cannot break a documented command unnoticed.
describe('shipped task files', () => {
  for (const dir of TASK_DIRS) {
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
      it(`${dir.pathname.split('/').slice(-2, -1)[0]}/${file} compiles against the skill registry`, async () => {
        const task = await loadTask(new URL(file, dir).pathname, createDefaultRegistries(SKILLS));
        expect(task.root).toBeDefined();
      });
    }
  }
});
