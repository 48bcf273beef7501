// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell code, and ${...} in them is the shell's.
import type { CompletionModel, CompletionOption } from './completion-states.js';

export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function optionForms(option: CompletionOption): string[] {
  return option.short ? [option.long, option.short] : [option.long];
}

/** A `case` branch per key that has candidates; `REPLY` holds them, space-separated. */
function caseFunction(name: string, entries: readonly (readonly [keys: string[], words: string[]])[]): string {
  const branches = entries
    .filter(([, words]) => words.length > 0)
    .map(([keys, words]) => `    ${keys.map(shellQuote).join(' | ')}) REPLY=${shellQuote(words.join(' '))} ;;`);
  return [`${name}() {`, '  case $1 in', ...branches, "    *) REPLY='' ;;", '  esac', '}'].join('\n');
}

export function bashCompletion({ states, optionsWithValues }: CompletionModel, version: string): string {
  const withValues = optionsWithValues.join(' | ');
  return [
    `# bash completion for latchkey ${version}, printed by "latchkey completion bash".`,
    '# Load it in this shell: source <(latchkey completion bash)',
    '# or in every one: latchkey completion bash > ~/.local/share/bash-completion/completions/latchkey',
    '',
    caseFunction(
      '_latchkey_words',
      states.map((state) => [[state.path], state.words.map((word) => word.word)]),
    ),
    '',
    caseFunction(
      '_latchkey_options',
      states.map((state) => [[state.path], state.options.flatMap(optionForms)]),
    ),
    '',
    caseFunction(
      '_latchkey_values',
      states.flatMap((state) =>
        state.options.map((option) => [
          optionForms(option).map((form) => `${state.path} ${form}`),
          [...option.choices],
        ]),
      ),
    ),
    '',
    '_latchkey() {',
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}',
    '  local path="" word i arguments=0 REPLY',
    '  COMPREPLY=()',
    '  # The command words typed so far make the path; option values and arguments do not.',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    word=${COMP_WORDS[i]}',
    '    case $word in',
    `      ${withValues})`,
    '        ((i++))',
    '        continue',
    '        ;;',
    '      -*) continue ;;',
    '    esac',
    '    _latchkey_words "$path"',
    '    if ((arguments == 0)) && [[ " $REPLY " == *" $word "* ]]; then',
    '      path=${path:+$path }$word',
    '    else',
    '      arguments=1',
    '    fi',
    '  done',
    '  case $prev in',
    `    ${withValues})`,
    '      _latchkey_values "$path $prev"',
    '      mapfile -t COMPREPLY < <(compgen -W "$REPLY" -- "$cur")',
    '      return',
    '      ;;',
    '  esac',
    '  if [[ $cur == -* ]]; then',
    '    _latchkey_options "$path"',
    '  elif ((arguments == 0)); then',
    '    _latchkey_words "$path"',
    '  else',
    "    REPLY=''",
    '  fi',
    '  mapfile -t COMPREPLY < <(compgen -W "$REPLY" -- "$cur")',
    '}',
    '',
    'complete -F _latchkey latchkey',
    '',
  ].join('\n');
}
