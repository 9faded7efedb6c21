import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../apps/cli/args.ts';

const SPEC = { seed: 'value', trace: 'value', help: 'switch' } as const;

describe('parseArgs', () => {
  it('splits positionals from --flag value, --flag=value and switches', () => {
    expect(parseArgs(['a.yaml', '--seed', '7', '--trace=out.jsonl', '--help'], SPEC)).toEqual({
      positionals: ['a.yaml'],
      flags: { seed: '7', trace: 'out.jsonl', help: true },
      errors: [],
    });
  });

  it('takes everything after -- as positionals', () => {
    expect(parseArgs(['--', '--seed', 'x'], SPEC).positionals).toEqual(['--seed', 'x']);
  });

  it('reports unknown flags, missing values, repeats and values given to switches', () => {
    expect(parseArgs(['--colour', 'red', '--seed'], SPEC).errors).toEqual([
      'unknown option --colour',
      '--seed needs a value',
    ]);
    expect(parseArgs(['--seed', '--help'], SPEC).errors).toEqual(['--seed needs a value']);
    expect(parseArgs(['--seed=1', '--seed=2', '--help=yes'], SPEC).errors).toEqual([
      '--seed given twice',
      '--help takes no value',
    ]);
  });
});
