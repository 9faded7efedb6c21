import { Quaternion, Vector3 } from 'three';
import { composePoses } from '../src/math/pose.ts';
import type { NamedPlace } from '../src/world/world-model.ts';
import { toteInnerFloor } from './fixture-geometry.ts';
import { SceneIssue } from './scene-error.ts';
import type { Fixture, ResolvedFixture } from './schema.ts';
import { shelfInterior, shelfSlots } from './shelf-layout.ts';

/** Checks a fixture's dimensions make a buildable thing; throws a `SceneIssue` relative to the fixture. */
export function checkFixtureGeometry(fixture: Fixture): void {
  switch (fixture.kind) {
    case 'table': {
      const [tx, ty] = fixture.topSizeM;
      if (2 * fixture.legSizeM >= Math.min(tx, ty)) throw new SceneIssue(['legSizeM'], 'legs wider than half the top');
      if (fixture.topThicknessM >= fixture.heightM)
        throw new SceneIssue(['topThicknessM'], 'top thicker than the table is high');
      return;
    }
    case 'shelf': {
      const inner = shelfInterior(fixture);
      if (inner.widthM <= 0 || inner.depthM <= 0)
        throw new SceneIssue(['panelThicknessM'], 'panels leave no room inside');
      const heights = fixture.boardHeightsM;
      if ((heights[0] ?? 0) < fixture.boardThicknessM) {
        throw new SceneIssue(
          ['boardHeightsM', 0],
          `the bottom board (${fixture.boardThicknessM} m thick) would sink into the floor`,
        );
      }
      for (let i = 1; i < heights.length; i++) {
        if (heights[i]! - fixture.boardThicknessM <= heights[i - 1]!) {
          throw new SceneIssue(['boardHeightsM', i], 'boards must rise by more than their thickness');
        }
      }
      if (inner.heightM < heights[heights.length - 1]!) {
        throw new SceneIssue(['heightM'], 'panels lower than the top board');
      }
      return;
    }
    default:
      return;
  }
}

/** Places every fixture brings: shelf slots and stand-offs, tote interiors, table tops. */
export function fixturePlaces(fixture: ResolvedFixture, stockedSlots: ReadonlySet<string>): NamedPlace[] {
  const world = fixture.poseInWorld;
  switch (fixture.kind) {
    case 'shelf': {
      const slots = shelfSlots(fixture.id, fixture).map((s) => ({
        name: s.name,
        poseInWorld: composePoses(world, s.poseInShelf),
        sizeM: s.sizeM,
        tags: ['shelf-slot', fixture.id, `level-${s.level}`, stockedSlots.has(s.name) ? 'stocked' : 'empty'],
      }));
      // The base stands in front of the unit, facing it: its +x looks along the shelf's -x.
      const standInShelf = {
        position: new Vector3(fixture.depthM / 2 + fixture.standOffM, 0, 0),
        quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), Math.PI),
      };
      const stand = {
        name: `stand/${fixture.id}`,
        poseInWorld: composePoses(world, standInShelf),
        tags: ['base-stand-off', fixture.id],
      };
      return [...slots, stand];
    }
    case 'tote':
    case 'bin':
      return [
        {
          name: fixture.id,
          poseInWorld: composePoses(world, { position: toteInnerFloor(fixture), quaternion: new Quaternion() }),
          sizeM: fixture.innerSizeM,
          tags: [fixture.kind],
        },
      ];
    case 'table':
      return [
        {
          name: `${fixture.id}/top`,
          poseInWorld: composePoses(world, {
            position: new Vector3(0, 0, fixture.heightM),
            quaternion: new Quaternion(),
          }),
          sizeM: [fixture.topSizeM[0], fixture.topSizeM[1], 0],
          tags: ['table-top', fixture.id],
        },
      ];
    default:
      return [];
  }
}
