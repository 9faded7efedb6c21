/** Flags a command accepts: a value flag takes the next word (or `=value`), a switch takes none. */
export type FlagSpec = Readonly<Record<string, 'value' | 'switch'>>;

/** What `parseArgs` found: words that are not flags, flag values by name, and what was wrong. */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Record<string, string | true>;
  readonly errors: string[];
}

/**
 * A tiny flag parser: `--name value`, `--name=value`, switches, and `--` to end flags. Unknown flags, a missing
 * value and a repeated flag are errors; values are checked by the command (with zod) where they enter.
 *
 * @example
 * parseArgs(['tasks/demo.yaml', '--seed', '7'], { seed: 'value', help: 'switch' })
 * // { positionals: ['tasks/demo.yaml'], flags: { seed: '7' }, errors: [] }
 */
export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('--') || word === '-') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (kind === undefined) {
      errors.push(`unknown option --${name}`);
      continue;
    }
    if (name in flags) errors.push(`--${name} given twice`);
    if (kind === 'switch') {
      if (eq !== -1) errors.push(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq !== -1 ? word.slice(eq + 1) : argv[i + 1];
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      errors.push(`--${name} needs a value`);
      continue;
    }
    if (eq === -1) i++;
    flags[name] = value;
  }
  return { positionals, flags, errors };
}
