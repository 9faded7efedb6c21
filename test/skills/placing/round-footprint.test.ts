import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { HeldObject } from '../../../skills/arm/held-objects.ts';
import { linkInWorld } from '../../../skills/arm/robot-frames.ts';
import { squaredAbout } from '../../../skills/placing/axial-spin.ts';
import { heldHitsBase, heldHitsScene, spotTakenBy, type RoundSizing } from '../../../skills/placing/body-clearance.ts';
import { makePose, type Pose } from '../../../src/math/pose.ts';
import { boxSceneQuery } from '../../../src/world/box-scene-query.ts';
import type { ObjectShape } from '../../../src/world/world-model.ts';
import { harness } from '../helpers/manipulation-harness.ts';

// Demo seed 4's coffee can (Ø102 × 139 mm, issues 11 and 12) was held by its lid turned 45° about its axis, and the
// place's clearance checks sized it by its box turned with it: √2 wider across, so it "landed on" the robot's base at
// every stand-off near enough for the low slot. A round load is now sized by its radius about its axis (its box
// squared to what it is checked against); a box turned 45° is still sized by its diagonal.
const RADIUS_M = 0.051;
const HALF: [number, number, number] = [RADIUS_M, RADIUS_M, 0.0695];
const CAN: ObjectShape = { kind: 'cylinder', radiusM: RADIUS_M, heightM: 0.139 };
const CARTON: ObjectShape = { kind: 'box', sizeM: [2 * RADIUS_M, 2 * RADIUS_M, 0.139] };
/** A slot along world x: its walls' inner faces 7.5 cm either side of its middle line (y = 0). */
const WALL_M = 0.075;
const TURNED = (45 * Math.PI) / 180;

/** The load (its pose in the tool the identity) at `x, y, z`, turned `spinRad` about its own (upright) axis. */
function at(x: number, y: number, z: number, spinRad: number): Pose {
  return makePose([x, y, z], new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), spinRad));
}

const hold: HeldObject = {
  objectId: 'coffee-can',
  armName: 'right',
  effector: 'suction',
  objectInTool: makePose(),
  payloadN: 4,
  restQuaternion: new Quaternion(),
};

/** The double's world with a slot's two walls along world x around (1, 0), and its scene query. */
function slotScene() {
  const h = harness();
  const wall = (id: string, y: number) => ({
    id,
    poseInWorld: makePose([1, y, 0.5]),
    halfExtentsM: [0.2, 0.01, 0.2] as const,
  });
  const walls = [wall('slot/left', WALL_M + 0.01), wall('slot/right', -WALL_M - 0.01)];
  return { ...h.ctx, services: { ...h.ctx.services, sceneQuery: boxSceneQuery(walls, h.world) } };
}

describe('a round load sized by its radius about its axis', () => {
  const round = (shape: ObjectShape): RoundSizing => ({ shape, squareToRad: 0 });

  it('squares a can turned about its axis to the heading given, and leaves a box as turned', () => {
    const squared = squaredAbout(CAN, at(1, 0, 0.5, TURNED), 0);
    const x = new Vector3(1, 0, 0).applyQuaternion(squared.quaternion);
    expect(Math.atan2(x.y, x.x)).toBeCloseTo(0, 9);
    expect(squared.position.toArray()).toEqual([1, 0, 0.5]);
    // A can lying tilted keeps its axis where it is: the turn is about that axis.
    const tilted = at(1, 0, 0.5, TURNED);
    tilted.quaternion.premultiply(new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), 0.3));
    const axis = (p: Pose) => new Vector3(0, 0, 1).applyQuaternion(p.quaternion);
    expect(axis(squaredAbout(CAN, tilted, 0)).angleTo(axis(tilted))).toBeLessThan(1e-9);
    expect(squaredAbout(CARTON, at(1, 0, 0.5, TURNED), 0).quaternion.equals(at(1, 0, 0.5, TURNED).quaternion)).toBe(
      true,
    );
  });

  it('clears a slot turned 45° about its axis as it does square; a box turned 45° is its diagonal wide', () => {
    const scene = slotScene();
    const square = at(1, 0, 0.5, 0);
    const turned = at(1, 0, 0.5, TURNED);
    // The slot takes the can's width and the load margin (1 cm a side) but not the diagonal of its box.
    expect(heldHitsScene(scene, hold, HALF, [square], round(CAN))).toBeUndefined();
    expect(heldHitsScene(scene, hold, HALF, [turned], round(CAN))).toBeUndefined();
    expect(heldHitsScene(scene, hold, HALF, [turned])).toMatch(/^slot\//);
    expect(heldHitsScene(scene, hold, HALF, [turned], round(CARTON))).toMatch(/^slot\//);
    // Where it comes to rest, the same: the can turned fits where it fits square; the carton turned does not.
    const narrow: [number, number, number] = [HALF[0] + 0.012, HALF[1] + 0.012, HALF[2]];
    expect(spotTakenBy(scene, square, narrow, hold.objectId, round(CAN))).toBeUndefined();
    expect(spotTakenBy(scene, turned, narrow, hold.objectId, round(CAN))).toBeUndefined();
    expect(spotTakenBy(scene, turned, narrow, hold.objectId, round(CARTON))).toMatch(/^slot\//);
  });

  it("clears the robot's base turned 45° about its axis as it does square; a box turned 45° does not", () => {
    const h = harness();
    const model = h.robot.model;
    const collision = model.links.get(model.rootLink)!.collisions[0]!;
    expect(collision.geometry.kind).toBe('box');
    const sizeM = collision.geometry.kind === 'box' ? collision.geometry.sizeM : [0, 0, 0];
    const centre = new Vector3().setFromMatrixPosition(
      new Matrix4().multiplyMatrices(linkInWorld(h.ctx, model.rootLink), collision.origin),
    );
    // Just past the base's front face and its 1.5 cm margin, at the height of its middle.
    const x = centre.x + sizeM[0] / 2 + 0.015 + RADIUS_M + 0.005;
    expect(heldHitsBase(h.ctx, hold, HALF, [at(x, centre.y, centre.z, 0)], {}, round(CAN))).toBe(false);
    expect(heldHitsBase(h.ctx, hold, HALF, [at(x, centre.y, centre.z, TURNED)], {}, round(CAN))).toBe(false);
    expect(heldHitsBase(h.ctx, hold, HALF, [at(x, centre.y, centre.z, TURNED)])).toBe(true);
    expect(heldHitsBase(h.ctx, hold, HALF, [at(x, centre.y, centre.z, TURNED)], {}, round(CARTON))).toBe(true);
  });
});
