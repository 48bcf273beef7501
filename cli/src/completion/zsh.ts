// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell code, and ${...} in them is the shell's.
import { shellQuote } from './bash.js';
import type { CompletionModel, CompletionOption } from './completion-states.js';

/** `_describe` reads `name:description`; a colon inside the name needs a backslash. */
function described(name: string, description: string): string {
  return shellQuote(`${name.replaceAll(':', '\\:')}:${description}`);
}

function optionEntries(option: CompletionOption): string[] {
  const forms = option.short ? [option.long, option.short] : [option.long];
  return forms.map((form) => described(form, option.description));
}

/** A `case` branch per key that has candidates; the `reply` array holds them. */
function caseFunction(name: string, entries: readonly (readonly [keys: string[], words: string[]])[]): string {
  const branches = entries
    .filter(([, words]) => words.length > 0)
    .map(([keys, words]) => `    (${keys.map(shellQuote).join('|')}) reply=(${words.join(' ')}) ;;`);
  return [`${name}() {`, '  case $1 in', ...branches, '    (*) reply=() ;;', '  esac', '}'].join('\n');
}

export function zshCompletion({ states, optionsWithValues }: CompletionModel, version: string): string {
  const withValues = optionsWithValues.join('|');
  return [
    '#compdef latchkey',
    `# zsh completion for latchkey ${version}, printed by "latchkey completion zsh".`,
    '# Load it in this shell (after compinit): source <(latchkey completion zsh)',
    '# or in every one: latchkey completion zsh > "${fpath[1]}/_latchkey"',
    '',
    caseFunction(
      '_latchkey_words',
      states.map((state) => [[state.path], state.words.map((word) => described(word.word, word.description))]),
    ),
    '',
    caseFunction(
      '_latchkey_options',
      states.map((state) => [[state.path], state.options.flatMap(optionEntries)]),
    ),
    '',
    caseFunction(
      '_latchkey_values',
      states.flatMap((state) =>
        state.options.map((option) => [
          (option.short ? [option.long, option.short] : [option.long]).map((form) => `${state.path} ${form}`),
          option.choices.map(shellQuote),
        ]),
      ),
    ),
    '',
    '_latchkey() {',
    '  local cmdpath="" word i arguments=0',
    '  local -a reply names',
    '  # The command words typed so far make the path; option values and arguments do not.',
    '  for ((i = 2; i < CURRENT; i++)); do',
    '    word=${words[i]}',
    '    case $word in',
    `      (${withValues})`,
    '        ((i++))',
    '        continue',
    '        ;;',
    '      (-*) continue ;;',
    '    esac',
    '    _latchkey_words "$cmdpath"',
    '    names=(${reply%%:*})',
    '    if ((arguments == 0 && ${names[(Ie)$word]})); then',
    '      cmdpath=${cmdpath:+$cmdpath }$word',
    '    else',
    '      arguments=1',
    '    fi',
    '  done',
    '  case ${words[CURRENT - 1]} in',
    `    (${withValues})`,
    '      _latchkey_values "$cmdpath ${words[CURRENT - 1]}"',
    '      compadd -a reply',
    '      return',
    '      ;;',
    '  esac',
    '  if [[ ${words[CURRENT]} == -* ]]; then',
    '    _latchkey_options "$cmdpath"',
    "    _describe -t options 'latchkey option' reply",
    '  elif ((arguments == 0)); then',
    '    _latchkey_words "$cmdpath"',
    "    _describe -t commands 'latchkey command' reply",
    '  fi',
    '}',
    '',
    // Loaded from $fpath, this file is the body of _latchkey: run it. Sourced, register it.
    'if [[ ${funcstack[1]} == _latchkey ]]; then',
    '  _latchkey "$@"',
    'else',
    '  compdef _latchkey latchkey',
    'fi',
    '',
  ].join('\n');
}
