import { describe, expect, it } from 'vitest';
import { fallback } from '../../src/graph/fallback.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { leafFrom, marbleScheduler, recordingTelemetry, runOutcome } from '../helpers/graph-test-kit.ts';

/** What a trace reader needs from an event: kind, where in the graph, when, and the failure's reason and path. */
function brief(event: TelemetryEvent): unknown[] {
  const where = [event.kind, event.nodeId, event.path, event.parentId ?? '-', event.simTimeMs];
  return event.failure ? [...where, `${event.failure.reason}@${event.failure.path}`] : where;
}

describe('graph telemetry', () => {
  it('reports start, failed and succeeded for each node of a sequence of a fallback, with index ids and name paths', () => {
    const ts = marbleScheduler();
    const { bus, events } = recordingTelemetry();
    ts.run(({ cold, expectObservable }) => {
      const root: Skill = sequence(
        { name: 'restock' },
        fallback(
          { name: 'grasp' },
          leafFrom('top', cold('-#', undefined, new SkillFailure('no-grasp', 'no top grasp'))),
          leafFrom('side', cold('-|')),
        ),
        leafFrom('place', cold('-|')),
      );
      expectObservable(runOutcome(root, ts, { telemetry: bus })).toBe('---|');
    });
    expect(events.map(brief)).toEqual([
      ['start', '0', 'restock', '-', 0],
      ['start', '0/0', 'restock/grasp', '0', 0],
      ['start', '0/0/0', 'restock/grasp/top', '0/0', 0],
      ['failed', '0/0/0', 'restock/grasp/top', '0/0', 1, 'no-grasp@restock/grasp/top'],
      ['start', '0/0/1', 'restock/grasp/side', '0/0', 1],
      ['succeeded', '0/0/1', 'restock/grasp/side', '0/0', 2],
      ['succeeded', '0/0', 'restock/grasp', '0', 2],
      ['start', '0/1', 'restock/place', '0', 2],
      ['succeeded', '0/1', 'restock/place', '0', 3],
      ['succeeded', '0', 'restock', '-', 3],
    ]);
  });

  it('reports the failure up the tree with the deepest path it happened at', () => {
    const ts = marbleScheduler();
    const { bus, events } = recordingTelemetry();
    ts.run(({ cold, expectObservable }) => {
      const root = sequence(
        fallback(leafFrom('top', cold('-#', undefined, new SkillFailure('no-grasp', 'no top grasp')))),
        leafFrom('place', cold('-|')),
      );
      expectObservable(runOutcome(root, ts, { telemetry: bus })).toBe('-#', undefined, 'all-failed@sequence/fallback');
    });
    expect(events.filter((e) => e.kind === 'failed').map(brief)).toEqual([
      ['failed', '0/0/0', 'sequence/fallback/top', '0/0', 1, 'no-grasp@sequence/fallback/top'],
      ['failed', '0/0', 'sequence/fallback', '0', 1, 'all-failed@sequence/fallback'],
      ['failed', '0', 'sequence', '-', 1, 'all-failed@sequence/fallback'],
    ]);
    expect(events.some((e) => e.path === 'sequence/place')).toBe(false);
  });

  it('reports cancelled bottom-up when the run is unsubscribed', () => {
    const ts = marbleScheduler();
    const { bus, events } = recordingTelemetry();
    ts.run(({ cold, expectObservable }) => {
      const root = sequence(fallback(leafFrom('side', cold('-----|'))));
      expectObservable(runOutcome(root, ts, { telemetry: bus }), '^--!').toBe('-');
    });
    expect(events.filter((e) => e.kind === 'cancelled').map(brief)).toEqual([
      ['cancelled', '0/0/0', 'sequence/fallback/side', '0/0', 3],
      ['cancelled', '0/0', 'sequence/fallback', '0', 3],
      ['cancelled', '0', 'sequence', '-', 3],
    ]);
  });
});
