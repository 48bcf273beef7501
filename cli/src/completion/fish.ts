import type { CompletionModel, CompletionOption } from './completion-states.js';

/** Fish's single quotes: only a backslash and a quote are escaped. */
function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function optionLine(path: string, option: CompletionOption): string {
  const parts = ['complete -c latchkey', '-n', fishQuote(`__latchkey_path_is ${fishQuote(path)}`)];
  parts.push('-l', option.long.slice(2));
  if (option.short) parts.push('-s', option.short.slice(1));
  if (option.choices.length > 0) parts.push('-x', '-a', fishQuote(option.choices.join(' ')));
  else if (option.takesValue) parts.push('-r');
  parts.push('-d', fishQuote(option.description));
  return parts.join(' ');
}

export function fishCompletion({ states, optionsWithValues }: CompletionModel, version: string): string {
  const wordBranches = states
    .filter((state) => state.words.length > 0)
    .flatMap((state) => [
      `        case ${fishQuote(state.path)}`,
      ...state.words.map(
        (word) => `            printf '%s\\t%s\\n' ${fishQuote(word.word)} ${fishQuote(word.description)}`,
      ),
    ]);
  return [
    `# fish completion for latchkey ${version}, printed by "latchkey completion fish".`,
    '# Load it in this shell: latchkey completion fish | source',
    '# or in every one: latchkey completion fish > ~/.config/fish/completions/latchkey.fish',
    '',
    'function __latchkey_words --argument-names path',
    '    switch "$path"',
    ...wordBranches,
    '    end',
    'end',
    '',
    '# "ARGUMENTS:PATH": the command words typed so far make the path; option values and arguments do not.',
    'function __latchkey_state',
    "    set -l path ''",
    '    set -l arguments 0',
    '    set -l skip 0',
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    '    for word in $words',
    '        if test $skip = 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $word',
    `            case ${optionsWithValues.map(fishQuote).join(' ')}`,
    '                set skip 1',
    '                continue',
    "            case '-*'",
    '                continue',
    '        end',
    "        if test $arguments = 0; and contains -- $word (__latchkey_words $path | string replace -r '\\t.*' '')",
    '            set path (string trim -- "$path $word")',
    '        else',
    '            set arguments 1',
    '        end',
    '    end',
    '    echo "$arguments:$path"',
    'end',
    '',
    'function __latchkey_path_is --argument-names expected',
    '    set -l state (string split -m 1 : -- (__latchkey_state))',
    '    test "$state[2]" = "$expected"',
    'end',
    '',
    'function __latchkey_next_words',
    '    set -l state (string split -m 1 : -- (__latchkey_state))',
    '    test "$state[1]" = 0; and __latchkey_words "$state[2]"',
    'end',
    '',
    'complete -c latchkey -f',
    "complete -c latchkey -a '(__latchkey_next_words)'",
    ...states.flatMap((state) => state.options.map((option) => optionLine(state.path, option))),
    '',
  ].join('\n');
}
