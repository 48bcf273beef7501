import {
  type CommandTable,
  globalOptions,
  HELP_WORD,
  nextWords,
  type OptionSpec,
  topLevelOptions,
} from '../command-line.js';

export interface CompletionWord {
  word: string;
  description: string;
}

export interface CompletionOption {
  long: string;
  short: string | undefined;
  description: string;
  takesValue: boolean;
  choices: readonly string[];
}

/** What may be typed once the command words typed so far make `path`: more words, and options. */
export interface CompletionState {
  path: string;
  words: CompletionWord[];
  options: CompletionOption[];
}

/** The whole of what completion knows, read from the command table the parser uses. */
export interface CompletionModel {
  states: CompletionState[];
  /** Every option that takes a value, in each form (`--name`, `-f`), wherever it stands: the parser reads them so. */
  optionsWithValues: string[];
}

function completionOptions(options: Readonly<Record<string, OptionSpec>>): CompletionOption[] {
  return Object.entries(options).map(([name, spec]) => ({
    long: `--${name}`,
    short: spec.short === undefined ? undefined : `-${spec.short}`,
    description: spec.description,
    takesValue: spec.type === 'string',
    choices: spec.choices ?? [],
  }));
}

function wordsAfter<Context>(table: CommandTable<Context>, path: string): CompletionWord[] {
  return nextWords(table, path).map(({ word, summary }) => ({ word, description: summary }));
}

export function completionModel<Context>(table: CommandTable<Context>): CompletionModel {
  const global = completionOptions(globalOptions);
  const topLevelWords = wordsAfter(table, '');
  const states: CompletionState[] = [
    {
      path: '',
      words: [...topLevelWords, { word: HELP_WORD, description: 'Show help for a command' }],
      options: [...global, ...completionOptions(topLevelOptions)],
    },
    { path: HELP_WORD, words: topLevelWords, options: global },
  ];
  for (const group of table.groups) {
    const members = wordsAfter(table, group.name);
    states.push({ path: group.name, words: members, options: global });
    states.push({ path: `${HELP_WORD} ${group.name}`, words: members, options: global });
  }
  for (const command of table.commands) {
    const [firstArgument] = command.arguments ?? [];
    states.push({
      path: command.name,
      words: (firstArgument?.choices ?? []).map((word) => ({ word, description: firstArgument?.description ?? '' })),
      options: [...global, ...completionOptions(command.options ?? {})],
    });
  }

  const optionsWithValues = new Set<string>();
  for (const option of states.flatMap((state) => state.options)) {
    if (!option.takesValue) continue;
    optionsWithValues.add(option.long);
    if (option.short) optionsWithValues.add(option.short);
  }
  return { states, optionsWithValues: [...optionsWithValues] };
}
