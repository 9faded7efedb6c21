import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../apps/cli/run-command.ts';
import { captureIo as capture } from './capture-io.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const captureIo = () => capture(ROOT);

// The main demo end to end through the CLI: task file → skills → Rapier sim, on the sim clock.
describe('embody run --backend sim', () => {
  it('runs the tabletop pick-and-place task in the sim and succeeds, naming the effector of each pick branch', async () => {
    const io = captureIo();
    const code = await runCommand(
      // --scene alone runs in the sim: it is the default backend when there is a scene.
      ['tasks/tabletop-pick-and-place.yaml', '--scene', 'scenes/tabletop.yaml', '--speed', 'max'],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toBe('tabletop-pick-and-place: backend sim, seed 1, speed max');
    expect(lines).toContainEqual(
      expect.stringMatching(/succeeded tabletop\/box-to-a\/pick-and-place\/execute\/stages\/place$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/succeeded tabletop\/can-to-b\/pick-and-place\/execute\/stages\/place$/),
    );
    expect(lines.at(-1)).toMatch(/^succeeded in \d+\.\d{3} s sim time$/);
  });

  it('names the scene file when the scene is bad', async () => {
    const io = captureIo();
    const code = await runCommand(
      ['tasks/tabletop-pick-and-place.yaml', '--backend', 'sim', '--scene', 'scenes/nope.yaml'],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toMatch(/^embody run: backend sim: .*nope\.yaml/);
  });
});
