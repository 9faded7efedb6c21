import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { fixtureBoxes, type FixtureBox } from '../../scenes/fixture-geometry.ts';
import { parseScene } from '../../scenes/parse-scene.ts';
import type { ResolvedFixture } from '../../scenes/schema.ts';

function fixture(yaml: string): ResolvedFixture {
  return parseScene(`name: t\nfixtures:\n  - ${yaml}\n`, 't.yaml').fixtures[0]!;
}

/** World-frame [min, max] of a box along one axis. */
function span(box: FixtureBox, axis: 0 | 1 | 2): [number, number] {
  const c = box.poseInWorld.position.getComponent(axis);
  const corners = [0, 1, 2].map((i) => {
    const e = new Vector3();
    e.setComponent(i, box.halfExtentsM[i]!);
    return Math.abs(e.applyQuaternion(box.poseInWorld.quaternion).getComponent(axis));
  });
  const r = corners.reduce((a, b) => a + b, 0);
  return [c - r, c + r];
}

const byPart = (boxes: FixtureBox[], part: string) => boxes.find((b) => b.id.endsWith(`/${part}`))!;

describe('fixtureBoxes', () => {
  it('floor: one slab whose top is z = 0', () => {
    const [slab] = fixtureBoxes(fixture('{ id: floor, kind: floor }'));
    expect(span(slab!, 2)[1]).toBeCloseTo(0, 12);
    expect(slab!.material).toBe('floor');
  });

  it('table: a top at the given height and four legs standing on the floor under its corners', () => {
    const boxes = fixtureBoxes(
      fixture('{ id: t, kind: table, pose: { position: [1, 2, 0] }, topSizeM: [1.2, 0.8], heightM: 0.75 }'),
    );
    expect(boxes.map((b) => b.id)).toEqual(['t/top', 't/leg-1', 't/leg-2', 't/leg-3', 't/leg-4']);
    const top = byPart(boxes, 'top');
    expect(span(top, 2)[1]).toBeCloseTo(0.75, 12);
    expect(span(top, 0)).toEqual([expect.closeTo(0.4, 12), expect.closeTo(1.6, 12)]);
    for (const leg of boxes.slice(1)) {
      expect(span(leg, 2)).toEqual([expect.closeTo(0, 12), expect.closeTo(span(top, 2)[0], 12)]);
      expect(Math.abs(leg.poseInWorld.position.x - 1)).toBeCloseTo(0.6 - 0.025, 12);
    }
  });

  it('shelf: sides, back, a board per level with its top at the level height, and lips', () => {
    const boxes = fixtureBoxes(
      fixture(
        '{ id: s, kind: shelf, pose: { position: [0, 0, 0], yawDeg: 90 }, widthM: 1.0, depthM: 0.4, boardHeightsM: [0.1, 0.5, 0.9], heightM: 1.2, frontLipHeightM: 0.03 }',
      ),
    );
    expect(boxes.map((b) => b.id.split('/')[1]).sort()).toEqual(
      ['back', 'board-1', 'board-2', 'board-3', 'lip-1', 'lip-2', 'lip-3', 'side-left', 'side-right'].sort(),
    );
    [0.1, 0.5, 0.9].forEach((h, i) => expect(span(byPart(boxes, `board-${i + 1}`), 2)[1]).toBeCloseTo(h, 12));
    // Turned 90°: the front (local +x) faces world +y, the back panel is at world y = -0.2.
    expect(span(byPart(boxes, 'back'), 1)[0]).toBeCloseTo(-0.2, 12);
    expect(span(byPart(boxes, 'lip-2'), 1)[1]).toBeCloseTo(0.2, 12);
    expect(span(byPart(boxes, 'lip-2'), 2)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.53, 12)]);
    // Boards span between the side panels, which span the full width along world x.
    expect(span(byPart(boxes, 'board-1'), 0)).toEqual([expect.closeTo(-0.48, 12), expect.closeTo(0.48, 12)]);
    expect(span(byPart(boxes, 'side-left'), 2)[1]).toBeCloseTo(1.2, 12);
  });

  it('tote: a floor and four walls enclosing exactly the inner size, open at the top', () => {
    const boxes = fixtureBoxes(
      fixture(
        '{ id: t, kind: tote, pose: { position: [0, 0, 0.5] }, innerSizeM: [0.4, 0.3, 0.2], wallThicknessM: 0.01 }',
      ),
    );
    expect(boxes).toHaveLength(5);
    expect(span(byPart(boxes, 'floor'), 2)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.51, 12)]);
    expect(span(byPart(boxes, 'wall-px'), 0)[0]).toBeCloseTo(0.2, 12);
    expect(span(byPart(boxes, 'wall-ny'), 1)[1]).toBeCloseTo(-0.15, 12);
    expect(span(byPart(boxes, 'wall-px'), 2)[1]).toBeCloseTo(0.71, 12);
    expect(boxes.every((b) => b.material === 'plastic')).toBe(true);
  });

  it('wall and box: one box each, posed by the fixture frame', () => {
    const [wall] = fixtureBoxes(
      fixture('{ id: w, kind: wall, pose: { position: [0, 3, 0] }, lengthM: 4, heightM: 2.5 }'),
    );
    expect(wall!.halfExtentsM).toEqual([2, 0.05, 1.25]);
    expect(wall!.poseInWorld.position.toArray()).toEqual([0, 3, 1.25]);
    const [box] = fixtureBoxes(
      fixture('{ id: b, kind: box, pose: { position: [1, 1, 0.5], rpyDeg: [0, 0, 45] }, sizeM: [1, 1, 1] }'),
    );
    expect(
      box!.poseInWorld.quaternion.angleTo(new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), Math.PI / 4)),
    ).toBeCloseTo(0, 9);
  });
});
