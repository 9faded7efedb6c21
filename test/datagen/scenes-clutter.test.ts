import { Matrix4, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectorCollides } from '../../sim/clutter/effector-collision.ts';
import { effectorParts } from '../../sim/grasp-trial/effector-parts.ts';
import { settleClutter, type ClutterWorld } from '../../sim/clutter/settle-clutter.ts';
import { renderClutter } from '../../sim/clutter/render-clutter.ts';
import { EMBODY_JAW_80MM, SUCTION_30MM } from '../../sim/grasp-trial/effector-models.ts';
import { parseDatagenArgs } from '../../apps/datagen/datagen-args.ts';
import { summaryText } from '../../apps/datagen/datagen-command.ts';
import type { DatagenSummary } from '../../apps/datagen/datagen-run.ts';
import { poseToMatrix } from '../../src/math/pose.ts';
import { loadBinScene, type BinScene } from '../../apps/datagen/clutter/scene-bin.ts';
import { sceneGrasps } from '../../apps/datagen/clutter/scene-grasps.ts';
import { planScene, type SceneObjectKind } from '../../apps/datagen/clutter/scene-plan.ts';
import { SceneSettingsSchema } from '../../apps/datagen/clutter/scene-settings.ts';

const KINDS: SceneObjectKind[] = [
  {
    name: 'block',
    shape: { kind: 'box', halfExtentsM: [0.03, 0.05, 0.025] },
    massKg: 0.2,
    friction: 0.5,
    scale: 1,
    meshFile: '',
    objectInFile: new Matrix4(),
  },
  {
    name: 'can',
    shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.11 },
    massKg: 0.35,
    friction: 0.4,
    scale: 1,
    meshFile: '',
    objectInFile: new Matrix4(),
  },
];
const SETTINGS = SceneSettingsSchema.parse({ count: 1, objectsPerScene: [4, 4], widthPx: 40, heightPx: 30 });
const G = EMBODY_JAW_80MM;
/** Palm centre in the gripper frame. */
const PALM = new Vector3(...effectorParts(G)[0]!.centreInGripper);

/** A top-down gripper pose (approach −z) whose palm centre sits at `point`. */
function palmAt(point: Vector3): Matrix4 {
  const down = new Matrix4().makeBasis(new Vector3(1, 0, 0), new Vector3(0, -1, 0), new Vector3(0, 0, -1));
  const palmInWorld = PALM.clone().applyMatrix4(down);
  return down.setPosition(point.clone().sub(palmInWorld));
}

describe('cluttered bin physics, rendering and effector checks', () => {
  let bin: BinScene;
  let clutter: ClutterWorld;
  beforeAll(async () => {
    bin = await loadBinScene();
    clutter = await settleClutter({
      fixtures: bin.fixtures,
      bin: bin.bin,
      drops: planScene(0, 21, KINDS, bin.bin, SETTINGS).drops,
    });
  });
  afterAll(() => clutter.free());

  it('settles every dropped object at rest on or above the bin floor, the same way every time', async () => {
    expect(clutter.atRest).toBe(true);
    expect(clutter.objects.length + clutter.escaped).toBe(4);
    for (const o of clutter.objects) {
      const p = o.poseInWorld.position;
      expect(Math.abs(p.x)).toBeLessThan(0.2);
      expect(Math.abs(p.y)).toBeLessThan(0.15);
      expect(p.z).toBeGreaterThan(0.02);
      expect(p.z).toBeLessThan(0.3);
    }
    const again = await settleClutter({
      fixtures: bin.fixtures,
      bin: bin.bin,
      drops: planScene(0, 21, KINDS, bin.bin, SETTINGS).drops,
    });
    expect(again.objects.map((o) => o.poseInWorld.position.toArray())).toEqual(
      clutter.objects.map((o) => o.poseInWorld.position.toArray()),
    );
    again.free();
  });

  it('renders depth with a segmentation id on the pixels that see an object', () => {
    const plan = planScene(0, 21, KINDS, bin.bin, SETTINGS);
    const view = renderClutter(clutter, plan.intrinsics, plan.cameraInWorld);
    const seen = new Set(view.segmentation);
    expect([...seen].filter((id) => id >= 0).length).toBeGreaterThan(0);
    // Each object pixel back-projects onto the surface of the object it names: within its bounding sphere.
    const k = plan.intrinsics;
    let checked = 0;
    view.segmentation.forEach((id, i) => {
      if (id < 0) return;
      const z = view.depthM[i]!;
      const u = i % k.widthPx;
      const v = Math.floor(i / k.widthPx);
      const point = new Vector3(((u - k.cx) / k.fx) * z, ((v - k.cy) / k.fy) * z, z)
        .applyQuaternion(plan.cameraInWorld.quaternion)
        .add(plan.cameraInWorld.position);
      const object = clutter.objects[id]!;
      const radius =
        KINDS[object.kind]!.shape.kind === 'box' ? Math.hypot(0.03, 0.05, 0.025) : Math.hypot(0.033, 0.055);
      // Rapier ray-casts cylinders by GJK: grazing rays may land a fraction of a millimetre off the surface.
      expect(point.distanceTo(object.poseInWorld.position)).toBeLessThan(radius + 2e-3);
      checked++;
    });
    expect(checked).toBeGreaterThan(5);
  });

  it('finds a gripper whose palm sits in another object in collision, and the same gripper above the bin clear', () => {
    const [a, b] = [clutter.objects[0]!, clutter.objects[1]!];
    const inB = palmAt(b.poseInWorld.position);
    const above = palmAt(new Vector3(0, 0, 1.2));
    expect(effectorCollides(clutter, inB, G)).toBe(true);
    expect(effectorCollides(clutter, above, G)).toBe(false);
    expect(effectorCollides(clutter, palmAt(new Vector3(0, 0, 1.2)), SUCTION_30MM)).toBe(false);
    // Through the scene pipeline: grasps given in object a's frame, carried into the world with a's resting pose.
    const aInWorldInverse = poseToMatrix(a.poseInWorld).invert();
    const set = {
      trialIndex: [0, 1],
      success: [true, true],
      gripperInObject: [aInWorldInverse.clone().multiply(inB), aInWorldInverse.clone().multiply(above)],
    };
    const grasps = sceneGrasps(
      clutter,
      KINDS.map((_, k) => (k === a.kind ? set : { trialIndex: [], success: [], gripperInObject: [] })),
      G,
    ).filter((g) => g.objectIndex === 0);
    expect(grasps.map((g) => g.collisionFree)).toEqual([false, true]);
    expect(
      new Vector3()
        .setFromMatrixPosition(grasps[0]!.gripperInWorld)
        .distanceTo(new Vector3().setFromMatrixPosition(inB)),
    ).toBeLessThan(1e-9);
  });

  it('does not count the grasped object: a suction cup lowered onto the top of the pile touches only it', () => {
    const top = clutter.objects.reduce(
      (best, o, i) => (o.poseInWorld.position.z > clutter.objects[best]!.poseInWorld.position.z ? i : best),
      0,
    );
    const c = clutter.objects[top]!.poseInWorld.position;
    const down = new Matrix4().makeBasis(new Vector3(1, 0, 0), new Vector3(0, -1, 0), new Vector3(0, 0, -1));
    const cupAt = (z: number): Matrix4 => down.clone().setPosition(c.x, c.y, z + SUCTION_30MM.tcpZM);
    let z = 1;
    while (z > 0 && !effectorCollides(clutter, cupAt(z), SUCTION_30MM)) z -= 0.001;
    expect(z).toBeGreaterThan(c.z);
    expect(effectorCollides(clutter, cupAt(z), SUCTION_30MM, top)).toBe(false);
  });
});

describe('datagen scene flags', () => {
  it('parses --scenes and the camera options, and rejects malformed ones', () => {
    const args = parseDatagenArgs([
      '--objects',
      'tea-box',
      '--out',
      'x',
      '--scenes',
      '3',
      '--camera-size',
      '64x48',
      '--camera-distance',
      '0.5:0.7',
      '--scene-objects',
      '2:3',
    ]);
    expect(args.scenes).toMatchObject({
      count: 3,
      widthPx: 64,
      heightPx: 48,
      distanceM: [0.5, 0.7],
      objectsPerScene: [2, 3],
    });
    expect(parseDatagenArgs(['--objects', 'tea-box', '--out', 'x']).scenes.count).toBe(0);
    expect(() => parseDatagenArgs(['--objects', 'a', '--out', 'x', '--camera-size', '64'])).toThrow(/camera-size/);
    expect(() => parseDatagenArgs(['--objects', 'a', '--out', 'x', '--camera-elevation', '10:95'])).toThrow(
      /camera-elevation/,
    );
  });

  it('prints the scenes in the summary', () => {
    const summary: DatagenSummary = {
      counts: {
        planned: 4,
        done: 4,
        successes: 3,
        failures: {
          none: 3,
          collision_at_approach: 1,
          no_contact: 0,
          slipped_during_lift: 0,
          slipped_during_shake: 0,
          palm_contact: 0,
        },
      },
      complete: true,
      trialsRun: 4,
      seconds: 1,
      objects: [{ name: 'tea-box', candidates: 4 }],
      scenes: {
        planned: 2,
        madeNow: 2,
        seconds: 1.5,
        records: [0, 1].map((index) => ({
          index,
          file: `scenes/scene_${index}.h5`,
          objects: 3,
          points: 10,
          grasps: 12,
          collisionFree: 2,
          collisionFreeSuccesses: 1,
          escaped: 0,
          atRest: true,
        })),
      },
    };
    const text = summaryText(
      summary,
      '/out',
      parseDatagenArgs(['--objects', 'tea-box', '--out', 'x', '--scenes', '2']),
    );
    expect(text).toContain(
      'scenes        2/2 (6 objects, 24 grasps placed, 4 collision-free, 2 of them successful, 2 made now at 0.75 s/scene)',
    );
  });
});
