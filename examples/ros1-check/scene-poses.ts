/**
 * Prints a scene's object poses and a robot's mount as JSON, for `fake_robot.py`'s stand-in motion capture (it
 * reports where the objects are on /tf, as a tracking system on a real cell would). Manual check only; see README.md.
 *
 *   node bin/run-ts.mjs examples/ros1-check/scene-poses.ts scenes/tabletop.yaml ur > poses.json
 */
import { loadScene } from '../../scenes/load-scene.ts';
import type { Pose } from '../../src/math/pose.ts';

const [scenePath, robotId] = process.argv.slice(2);
if (scenePath === undefined || robotId === undefined) {
  process.stderr.write('usage: scene-poses.ts <scene.yaml> <robot id>\n');
  process.exit(2);
}
const scene = await loadScene(scenePath);
const robot = scene.robots.find((r) => r.id === robotId);
if (robot === undefined) {
  process.stderr.write(`${scenePath}: no robot '${robotId}'\n`);
  process.exit(2);
}
/** Position and quaternion (x, y, z, w) as plain arrays. */
const plain = (pose: Pose): { position: number[]; quaternion: number[] } => ({
  position: pose.position.toArray(),
  quaternion: pose.quaternion.toArray(),
});
const out = {
  mountInWorld: plain(robot.basePoseInWorld),
  objects: Object.fromEntries(scene.objects.map((o) => [o.id, plain(o.poseInWorld)])),
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
