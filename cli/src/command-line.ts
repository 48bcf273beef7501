import { parseArgs } from 'node:util';
import { UsageError } from './failures.js';
import { closestMatch } from './suggestions.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Placeholder shown in help, such as `NAME`. */
  placeholder?: string;
  short?: string;
  multiple?: boolean;
  /** The values it takes, when they are few: offered by shell completion. */
  choices?: readonly string[];
}

export interface ArgumentSpec {
  name: string;
  description: string;
  /** The values it takes, when they are few: offered by shell completion. */
  choices?: readonly string[];
}

export interface CommandSpec<Context> {
  /** The words that select it, such as `tokens create`. */
  name: string;
  summary: string;
  usage: string;
  description?: string;
  arguments?: readonly ArgumentSpec[];
  options?: Readonly<Record<string, OptionSpec>>;
  run(context: Context): Promise<void>;
}

export interface CommandGroup {
  name: string;
  summary: string;
}

/** Every command the tool has, and the groups that gather multi-word ones: what parsing, help and completion read. */
export interface CommandTable<Context> {
  commands: readonly CommandSpec<Context>[];
  groups: readonly CommandGroup[];
}

/** `latchkey help [COMMAND]`: the parser answers it itself, so it is in no table. */
export const HELP_WORD = 'help';

export const globalOptions = {
  url: {
    type: 'string',
    placeholder: 'URL',
    description: 'GraphQL endpoint (else $LATCHKEY_URL, the stored login, or http://localhost:4000/graphql)',
  },
  token: {
    type: 'string',
    placeholder: 'TOKEN',
    description: 'Token to use (else $LATCHKEY_TOKEN, else the stored login); prefer those, argv is visible',
  },
  json: { type: 'boolean', description: 'Print JSON for machines instead of text' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
} as const satisfies Record<string, OptionSpec>;

/** Options taken only without a command. */
export const topLevelOptions = {
  version: { type: 'boolean', short: 'V', description: 'Print the version' },
} as const satisfies Record<string, OptionSpec>;

/** A word that may follow `path` (`''` for the first word), and the command or group it selects. */
export interface NextWord {
  word: string;
  /** The command or group name it leads to, such as `tokens list`. */
  name: string;
  summary: string;
}

/** The words that may come after `path`: the first words of commands and groups, or a group's commands. */
export function nextWords<Context>({ commands, groups }: CommandTable<Context>, path: string): NextWord[] {
  const prefix = path === '' ? '' : `${path} `;
  const found = new Map<string, NextWord>();
  for (const command of commands) {
    if (!command.name.startsWith(prefix)) continue;
    const [word = ''] = command.name.slice(prefix.length).split(' ');
    const name = `${prefix}${word}`;
    const group = groups.find((candidate) => candidate.name === name);
    if (!found.has(word)) found.set(word, { word, name, summary: group?.summary ?? command.summary });
  }
  return [...found.values()];
}

/** What the command line asked for, once its words and options are checked against the command. */
export type ParsedCommandLine<Context> =
  | { kind: 'run'; command: CommandSpec<Context>; options: OptionValues; arguments: string[] }
  | { kind: 'help'; text: string }
  | { kind: 'version' };

export class OptionValues {
  constructor(
    private readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>,
    /** Each string option as given, in command-line order. */
    private readonly given: readonly { name: string; value: string }[] = [],
  ) {}

  /** The values of several options in the order they were given, such as `-f` and `-F` mixed. */
  stringsInOrder<Name extends string>(names: readonly Name[]): { name: Name; value: string }[] {
    return this.given.filter((option): option is { name: Name; value: string } =>
      (names as readonly string[]).includes(option.name),
    );
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  strings(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = `--${name}${spec.placeholder ? ` ${spec.placeholder}` : ''}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}

export function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const entries = Object.entries(options);
  const width = Math.max(...entries.map(([name, spec]) => optionLabel(name, spec).length));
  return entries.map(([name, spec]) => `  ${optionLabel(name, spec).padEnd(width)}  ${spec.description}`);
}

export function commandHelp<Context>(command: CommandSpec<Context>): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  if (command.arguments?.length) {
    const width = Math.max(...command.arguments.map((argument) => argument.name.length));
    lines.push('', 'Arguments:', ...command.arguments.map((a) => `  ${a.name.padEnd(width)}  ${a.description}`));
  }
  if (command.options && Object.keys(command.options).length > 0) {
    lines.push('', 'Options:', ...optionLines(command.options));
  }
  lines.push('', 'Global options:', ...optionLines(globalOptions));
  return lines.join('\n');
}

export function groupHelp<Context>(group: CommandGroup, commands: readonly CommandSpec<Context>[]): string {
  const members = commands.filter((command) => command.name.startsWith(`${group.name} `));
  const width = Math.max(...members.map((command) => command.name.length));
  return [
    `Usage: latchkey ${group.name} <command> [options]`,
    '',
    group.summary,
    '',
    'Commands:',
    ...members.map((command) => `  latchkey ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `Run "latchkey ${group.name} <command> --help" for a command's options.`,
  ].join('\n');
}

/**
 * The command a mistyped one was likely meant as: `tokns` is `tokens`, `revoke` is `tokens revoke`, and
 * `tokens lst` is `tokens list`. A first word is matched against first words before the words of groups.
 */
function suggestCommand<Context>(
  table: CommandTable<Context>,
  [first = '', second]: readonly string[],
): string | undefined {
  if (second !== undefined && table.groups.some((group) => group.name === first)) {
    return closestMatch(second, nextWords(table, first), (member) => member.word)?.name;
  }
  const topLevel = [...nextWords(table, ''), { word: HELP_WORD, name: HELP_WORD }];
  const inGroups = table.groups.flatMap((group) => nextWords(table, group.name));
  return (
    closestMatch(first, topLevel, (candidate) => candidate.word) ??
    closestMatch(first, inGroups, (candidate) => candidate.word)
  )?.name;
}

/** `unknown command "tokn". Did you mean "tokens"?` when something is close, else the problem and where to look. */
function unknownWordError(problem: string, whereToLook: string, suggestion: string | undefined): UsageError {
  return new UsageError(suggestion ? `${problem}. Did you mean "${suggestion}"?` : `${problem} (${whereToLook})`);
}

type ParsedToken = ReturnType<typeof parseArgs>['tokens'] extends (infer Token)[] | undefined ? Token : never;

function checkOption(token: ParsedToken, allowed: Readonly<Record<string, OptionSpec>>, commandName: string): void {
  if (token.kind !== 'option') return;
  const spec = Object.hasOwn(allowed, token.name) ? allowed[token.name] : undefined;
  const where = commandName ? `latchkey ${commandName}` : 'latchkey';
  if (!spec) {
    const suggestion = token.rawName.startsWith('--') && closestMatch(token.name, Object.keys(allowed), (name) => name);
    throw unknownWordError(
      `unknown option ${token.rawName}`,
      `see ${where} --help`,
      suggestion ? `--${suggestion}` : undefined,
    );
  }
  if (spec.type === 'boolean' && token.value !== undefined) {
    throw new UsageError(`${token.rawName} takes no value`);
  }
  if (spec.type === 'string') {
    const missing = token.value === undefined || (!token.inlineValue && token.value.startsWith('-'));
    if (missing) throw new UsageError(`${token.rawName} needs a value`);
  }
}

/**
 * Options may come anywhere; the first bare words name the command. Every option the tool knows
 * is declared while splitting, so that `--name x` is read as one option wherever it stands; only
 * then is each option checked against the chosen command.
 */
export function parseCommandLine<Context>(
  argv: readonly string[],
  table: CommandTable<Context>,
  topLevelHelp: string,
): ParsedCommandLine<Context> {
  const { commands, groups } = table;
  const allOptions: Record<string, OptionSpec> = { ...globalOptions, ...topLevelOptions };
  for (const command of commands) Object.assign(allOptions, command.options);
  const parsed = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(allOptions).map(([name, spec]) => [
        name,
        { type: spec.type, multiple: spec.multiple ?? false, ...(spec.short ? { short: spec.short } : {}) },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const optionValues = new OptionValues(
    parsed.values,
    parsed.tokens.flatMap((token) =>
      token.kind === 'option' && token.value !== undefined ? [{ name: token.name, value: token.value }] : [],
    ),
  );
  const words = parsed.positionals;
  const wantsHelp = optionValues.flag('help');

  const [first, second] = words;
  if (first === HELP_WORD) {
    const topic = words.slice(1).join(' ');
    const command = commands.find((candidate) => candidate.name === topic);
    const group = groups.find((candidate) => candidate.name === topic);
    if (command) return { kind: 'help', text: commandHelp(command) };
    if (group) return { kind: 'help', text: groupHelp(group, commands) };
    if (topic === '') return { kind: 'help', text: topLevelHelp };
    const suggestion = suggestCommand(table, words.slice(1));
    throw unknownWordError(
      `no help for unknown command "${topic}"`,
      'see latchkey --help',
      suggestion && `${HELP_WORD} ${suggestion}`,
    );
  }

  const group = groups.find((candidate) => candidate.name === first);
  const commandName = group && second !== undefined ? `${first} ${second}` : first;
  const command = commands.find((candidate) => candidate.name === commandName);

  if (!command) {
    if (wantsHelp && group) return { kind: 'help', text: groupHelp(group, commands) };
    if (wantsHelp && first === undefined) return { kind: 'help', text: topLevelHelp };
    if (first === undefined) {
      if (optionValues.flag('version')) return { kind: 'version' };
      throw new UsageError('no command given (see latchkey --help)');
    }
    if (group) {
      const members = nextWords(table, group.name);
      const choices = members.map((member) => member.word).join(', ');
      if (second === undefined) throw new UsageError(`"latchkey ${group.name}" needs a command: ${choices}`);
      throw unknownWordError(
        `unknown command "${group.name} ${second}"`,
        `choose from ${choices}`,
        suggestCommand(table, words),
      );
    }
    throw unknownWordError(`unknown command "${first}"`, 'see latchkey --help', suggestCommand(table, words));
  }

  if (wantsHelp) return { kind: 'help', text: commandHelp(command) };

  const allowed = { ...globalOptions, ...command.options };
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    checkOption(token, allowed, command.name);
    if (token.kind === 'option') {
      const spec = allowed[token.name as keyof typeof allowed] as OptionSpec;
      if (seen.has(token.name) && !spec.multiple) throw new UsageError(`${token.rawName} is given more than once`);
      seen.add(token.name);
    }
  }

  const commandArguments = words.slice(command.name.split(' ').length);
  const expected = command.arguments ?? [];
  if (commandArguments.length < expected.length) {
    const missing = expected.slice(commandArguments.length).map((argument) => argument.name);
    throw new UsageError(`"latchkey ${command.name}" needs ${missing.join(' and ')} (see --help)`);
  }
  if (commandArguments.length > expected.length) {
    throw new UsageError(`unexpected argument "${commandArguments[expected.length]}" for "latchkey ${command.name}"`);
  }
  return { kind: 'run', command, options: optionValues, arguments: commandArguments };
}
