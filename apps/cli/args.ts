import { parseArgs } from 'node:util';

/** One flag of a command: whether it takes a value, and the line `embody <cmd> -h` prints for it. */
export interface FlagSpec {
  /** `value`: takes a value (`--seed 7` or `--seed=7`); `switch`: takes none (`--force`). */
  readonly kind: 'value' | 'switch';
  /** What the value looks like in the usage (`<n>`, `A:B`, `double|sim`). Value flags only. */
  readonly placeholder?: string;
  /** One line (or a few) saying what the flag does and its default. */
  readonly help: string;
  /** A one-letter alias (`-h`). */
  readonly short?: string;
}

/** A command of the `embody` CLI: its flags and positionals, from which its usage is generated. */
export interface CommandSpec {
  /** `run` for `embody run`. */
  readonly name: string;
  /** What follows `embody <name>` in the usage line, e.g. `<task.yaml> [options]`. */
  readonly synopsis: string;
  /** A paragraph printed under the usage line. */
  readonly description?: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** How many words that are not flags the command takes, and what they are called in errors. */
  readonly positionals: { readonly min: number; readonly max: number; readonly name: string };
  /** Printed after the flags (exit codes, examples). */
  readonly footer?: string;
}

/** What `parseCommandLine` found: flag values by name, the other words, whether help was asked for, problems. */
export interface ParsedCommandLine {
  readonly values: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
  readonly help: boolean;
  /** One line each, without the command's prefix; empty when the command line is well formed. */
  readonly errors: readonly string[];
}

/** Every command takes these; the usage lists them last. */
const HELP_FLAG: FlagSpec = { kind: 'switch', short: 'h', help: 'print this usage and exit' };

/**
 * Parses a command line with `node:util`'s `parseArgs` against a command's spec: `--name value`, `--name=value`,
 * switches, one-letter aliases and `--` to end flags. Unknown flags, a missing value (`--seed` last, or followed by
 * another flag) and a value given to a switch are errors; a repeated flag takes its last value, so a wrapper can
 * append a flag to override one. Values are strings, checked by the command (with zod) where they enter.
 *
 * @example
 * parseCommandLine(RUN_SPEC, ['tasks/demo.yaml', '--seed', '7'])
 * // { values: { seed: '7' }, positionals: ['tasks/demo.yaml'], help: false, errors: [] }
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedCommandLine {
  const flags: Readonly<Record<string, FlagSpec>> = { ...spec.flags, help: HELP_FLAG };
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(flags).map(([name, flag]) => [
        name,
        {
          type: flag.kind === 'value' ? ('string' as const) : ('boolean' as const),
          ...(flag.short && { short: flag.short }),
        },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  const errors: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const flag = Object.hasOwn(flags, token.name) ? flags[token.name] : undefined;
    if (flag === undefined) {
      errors.push(`unknown option ${token.rawName}`);
    } else if (flag.kind === 'switch') {
      if (token.value !== undefined) errors.push(`${token.rawName} takes no value`);
      else values[token.name] = true;
    } else if (token.value === undefined || (token.inlineValue === false && looksLikeFlag(token.value))) {
      // parseArgs (not strict) takes the next word even when it is a flag: `--seed --help` is a missing value.
      errors.push(`${token.rawName} needs a value`);
    } else {
      values[token.name] = token.value;
    }
  }
  const { min, max, name } = spec.positionals;
  // After an unknown flag, a word may have been its value: counting positionals would only add noise.
  const unknownFlag = errors.some((e) => e.startsWith('unknown option'));
  if (!unknownFlag && positionals.length < min) errors.push(`missing ${name}`);
  else if (!unknownFlag && positionals.length > max)
    errors.push(
      max === 0
        ? `unexpected argument ${JSON.stringify(positionals[0])}`
        : `expected ${max === 1 ? `one ${name}` : `at most ${max} ${name}s`}, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  const help = values.help === true;
  delete values.help;
  return { values, positionals, help, errors };
}

/** A flag, not a value: `--x`, `-x`. A negative number (`-1`, `-0.5:0.5`) is a value. */
function looksLikeFlag(word: string): boolean {
  return word.startsWith('--') || /^-[A-Za-z]/.test(word);
}

/** The usage `embody <cmd> -h` prints: usage line, description, every flag of the spec, footer. */
export function commandUsage(spec: CommandSpec): string {
  const flags = Object.entries({ ...spec.flags, help: HELP_FLAG }).map(([name, flag]) => {
    const names = `${flag.short === undefined ? '' : `-${flag.short}, `}--${name}`;
    return [flag.kind === 'value' ? `${names} ${flag.placeholder ?? '<value>'}` : names, flag.help] as const;
  });
  const width = Math.min(30, Math.max(...flags.map(([left]) => left.length)) + 2);
  const lines = flags.flatMap(([left, help]) => {
    const [first = '', ...more] = help.split('\n');
    const head =
      left.length + 2 > width ? [`  ${left}`, `  ${' '.repeat(width)}${first}`] : [`  ${left.padEnd(width)}${first}`];
    return [...head, ...more.map((line) => `  ${' '.repeat(width)}${line}`)];
  });
  return [
    `usage: embody ${spec.name} ${spec.synopsis}`,
    ...(spec.description === undefined ? [] : ['', spec.description]),
    '',
    ...lines,
    ...(spec.footer === undefined ? [] : ['', spec.footer]),
    '',
  ].join('\n');
}

/** Problems with a command line, one line each, the last with a pointer to the usage. */
export function usageErrors(spec: CommandSpec, problems: readonly string[]): string {
  const prefix = `embody ${spec.name}: `;
  return `${problems.map((p, i) => `${prefix}${p}${i === problems.length - 1 ? ` (embody ${spec.name} -h for usage)` : ''}`).join('\n')}\n`;
}
