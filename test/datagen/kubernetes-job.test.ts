import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseDatagenArgs } from '../../apps/datagen/datagen-args.ts';

// The Kubernetes Indexed Job shipped for static shards: every pod's command line is one `embody datagen` accepts,
// and the shards it names are exactly 0..N-1 of the Job's N completions.

const MANIFEST = new URL('../../apps/datagen/deploy/kubernetes-indexed-job.yaml', import.meta.url);

interface JobDoc {
  kind: string;
  spec: {
    completionMode?: string;
    completions?: number;
    template: { spec: { containers: { command: string[]; args?: string[] }[] } };
  };
}

/** The argv of `embody datagen` a container runs, with `$JOB_COMPLETION_INDEX` as the shell would expand it. */
function datagenArgv(container: { command: string[]; args?: string[] }, index: number): string[] {
  const words =
    container.command[0] === '/bin/sh'
      ? container.args![0]!.replaceAll('$JOB_COMPLETION_INDEX', `${index}`).replaceAll('"', '').split(/\s+/)
      : container.command;
  return words.slice(words.indexOf('datagen') + 1);
}

describe('the Kubernetes Indexed Job manifest', () => {
  const docs = parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map((d) => d.toJS() as JobDoc);

  it('runs shard i of N in pod i, for each of the N completions', () => {
    const shards = docs.find((d) => d.spec.completionMode === 'Indexed')!;
    expect(shards.kind).toBe('Job');
    const n = shards.spec.completions!;
    const container = shards.spec.template.spec.containers[0]!;
    for (let i = 0; i < n; i++) {
      expect(parseDatagenArgs(datagenArgv(container, i)).mode).toEqual({ kind: 'shard', index: i, count: n });
    }
  });

  it('merges with a command datagen accepts, into the shards’ folder', () => {
    const [shards, merge] = docs;
    const mergeArgs = parseDatagenArgs(datagenArgv(merge!.spec.template.spec.containers[0]!, 0));
    expect(mergeArgs.mode).toEqual({ kind: 'merge' });
    expect(mergeArgs.out).toBe(parseDatagenArgs(datagenArgv(shards!.spec.template.spec.containers[0]!, 0)).out);
  });
});
