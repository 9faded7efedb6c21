// A short scripted pick-and-place against the Rapier sim: the UR arm on the tabletop scene picks the can and
// puts it on target/b, printing progress as it goes. Run from the repository root:
//   node bin/run-ts.mjs examples/pick-and-place.ts
import { fileURLToPath } from 'node:url';
import { loadScene } from '../scenes/load-scene.ts';
import { createSimulation } from '../sim/index.ts';
import { servicesForScene } from '../scenes/skill-services.ts';
import { pickAndPlace } from '../skills/pick-and-place.ts';
import { seededRandom } from '../src/math/random.ts';
import { toSkillFailure } from '../src/skill/failure.ts';
import { runSkill } from '../src/skill/run.ts';
import { NULL_SINK } from '../src/telemetry/bus.ts';

const scene = await loadScene(fileURLToPath(new URL('../scenes/tabletop.yaml', import.meta.url)));
const simulation = await createSimulation(scene, { seed: 1 });
simulation.sim.runFor(300); // let the objects settle on the table before planning from their poses

const ctx = {
  robot: simulation.robots.get('ur')!,
  world: simulation.worldModel,
  scheduler: simulation.sim.scheduler,
  random: seededRandom(1),
  telemetry: NULL_SINK,
  // Collision queries (the sim's Rapier casts), the arm's mount and a navigation map, for the skills.
  services: servicesForScene(scene, simulation.worldModel, simulation.services),
};
const object = 'can-1';
const target = 'target/b';

const run: { outcome: 'running' | 'done' | 'failed' } = { outcome: 'running' };
let lastLine = '';
runSkill(pickAndPlace({ object, target }), ctx).subscribe({
  next: (event) => {
    // One line per step (the motion streams repeat their message while moving).
    const line = `${event.path}: ${event.message}`;
    if (line !== lastLine) console.log(`${(simulation.sim.timeMs / 1000).toFixed(2).padStart(6)} s  ${line}`);
    lastLine = line;
  },
  error: (error: unknown) => {
    run.outcome = 'failed';
    console.log(`failed: ${toSkillFailure(error).describe()}`);
  },
  complete: () => (run.outcome = 'done'),
});
// Physics time moves only when the world steps: step until the skill ends (or two sim minutes pass).
simulation.sim.runUntil(() => run.outcome !== 'running', 120_000);

const rest = simulation.worldModel.object(object)!.poseInWorld.position;
const goal = simulation.worldModel.place(target)!.poseInWorld.position;
console.log(
  `${run.outcome}: ${object} rests ${(Math.hypot(rest.x - goal.x, rest.y - goal.y) * 1000).toFixed(1)} mm from the centre of ${target}, after ${(simulation.sim.timeMs / 1000).toFixed(1)} s of sim time`,
);
simulation.free();
process.exitCode = run.outcome === 'done' ? 0 : 1;
