import { describe, expect, it } from 'vitest';
import { commandUsage, parseCommandLine, type CommandSpec } from '../../apps/cli/args.ts';
import { COMMANDS, main } from '../../apps/cli/main.ts';
import { captureIo as capture } from './capture-io.ts';

const SPEC: CommandSpec = {
  name: 'try',
  synopsis: '<file> [options]',
  flags: {
    seed: { kind: 'value', placeholder: '<n>', help: 'random seed' },
    trace: { kind: 'value', placeholder: '<out.jsonl>', help: 'trace file' },
    force: { kind: 'switch', help: 'overwrite' },
  },
  positionals: { min: 1, max: 1, name: 'file' },
};

describe('parseCommandLine', () => {
  it('splits positionals from --flag value, --flag=value, switches and -h', () => {
    expect(parseCommandLine(SPEC, ['a.yaml', '--seed', '7', '--trace=out.jsonl', '--force'])).toEqual({
      values: { seed: '7', trace: 'out.jsonl', force: true },
      positionals: ['a.yaml'],
      help: false,
      errors: [],
    });
    expect(parseCommandLine(SPEC, ['-h']).help).toBe(true);
    expect(parseCommandLine(SPEC, ['--help']).help).toBe(true);
  });

  it('takes everything after -- as positionals, and a negative number as a value', () => {
    expect(parseCommandLine(SPEC, ['--', '--seed']).positionals).toEqual(['--seed']);
    expect(parseCommandLine(SPEC, ['a', '--seed', '-1']).values).toEqual({ seed: '-1' });
  });

  it('keeps an empty value as given (the command decides it is wrong) and the last of a repeated flag', () => {
    expect(parseCommandLine(SPEC, ['a', '--seed=']).values).toEqual({ seed: '' });
    expect(parseCommandLine(SPEC, ['a', '--seed=1', '--seed', '2']).values).toEqual({ seed: '2' });
  });

  it('reports unknown flags, missing values, values given to switches and positional counts', () => {
    expect(parseCommandLine(SPEC, ['a', '--colour', 'red', '--seed']).errors).toEqual([
      'unknown option --colour',
      '--seed needs a value',
    ]);
    expect(parseCommandLine(SPEC, ['a', '--seed', '--force']).errors).toEqual(['--seed needs a value']);
    expect(parseCommandLine(SPEC, ['a', '--force=yes', '-x']).errors).toEqual([
      '--force takes no value',
      'unknown option -x',
    ]);
    expect(parseCommandLine(SPEC, []).errors).toEqual(['missing file']);
    expect(parseCommandLine(SPEC, ['a', 'b']).errors).toEqual(['expected one file, got 2: a b']);
  });

  it('prints a usage with every flag of the spec and -h', () => {
    const usage = commandUsage(SPEC);
    expect(usage.split('\n')[0]).toBe('usage: embody try <file> [options]');
    for (const line of ['--seed <n>', '--trace <out.jsonl>', '--force', '-h, --help']) expect(usage).toContain(line);
  });
});

const captureIo = () => capture(process.cwd());

describe('embody <command> -h', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    'embody %s -h prints its usage, naming every flag it takes, and exits 0',
    async (name, command) => {
      const { spec } = await command.load();
      expect(spec.name, "the listed name is the loaded spec's").toBe(name);
      for (const help of ['-h', '--help']) {
        const io = captureIo();
        expect(await main([name, help], io)).toBe(0);
        expect(io.err()).toBe('');
        expect(io.out().startsWith(`usage: embody ${name} `)).toBe(true);
        for (const [flag, { kind }] of Object.entries(spec.flags))
          expect(io.out(), `--${flag}`).toMatch(new RegExp(`--${flag}${kind === 'value' ? ' \\S' : '\\b'}`));
      }
    },
  );

  it('embody --help lists every command; an unknown command or flag exits 2 in one line', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const { name, summary } of COMMANDS) expect(io.out()).toContain(`  ${name} `.padEnd(11) + summary);
    const bad = captureIo();
    expect(await main(['fly'], bad)).toBe(2);
    expect(bad.err()).toBe('embody: unknown command "fly" (embody --help lists the commands)\n');
    const flag = captureIo();
    expect(await main(['replay', 'x.jsonl', '--speed', 'max'], flag)).toBe(2);
    expect(flag.err()).toBe('embody replay: unknown option --speed (embody replay -h for usage)\n');
  });
});
