// `embody` in a child process for the signal tests: the real entry point (main with the process's streams and
// Ctrl-C handlers), plus one backend the tests need and the real ones cannot give: `hang`, the scripted double
// whose disconnect never ends (a shutdown that is stuck), and whose stop() says it ran.
import type { RunBackend } from '../../apps/cli/backend-session.ts';
import { BACKENDS } from '../../apps/cli/backends.ts';
import { main } from '../../apps/cli/main.ts';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';

const hang: RunBackend = {
  description: 'the scripted double, stuck in disconnect',
  create: async () => {
    const scheduler = new SimScheduler();
    const double = createScriptedRobot(scheduler);
    const robot = Object.assign(Object.create(double) as typeof double, {
      // Stuck as a connection that never closes: a live handle keeps the process up, as a socket would.
      disconnect: () => new Promise<void>(() => setInterval(() => undefined, 60_000)),
      stop: () => {
        process.stdout.write('robot.stop() called\n');
        double.stop();
      },
    });
    return { robot, world: new InMemoryWorldModel(), scheduler };
  },
};

process.exitCode = await main(process.argv.slice(2), undefined, { backends: { ...BACKENDS, hang } });
