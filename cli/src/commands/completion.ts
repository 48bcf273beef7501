import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { bashCompletion } from '../completion/bash.js';
import { completionModel } from '../completion/completion-states.js';
import { fishCompletion } from '../completion/fish.js';
import { zshCompletion } from '../completion/zsh.js';
import { UsageError } from '../failures.js';
import { cliVersion } from '../version.js';

const scripts = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };
const shells = Object.keys(scripts) as (keyof typeof scripts)[];

export const completionCommand: CommandSpec<CommandContext> = {
  name: 'completion',
  summary: 'Print a shell completion script for bash, zsh or fish',
  usage: 'latchkey completion bash|zsh|fish',
  description: [
    'Completes every command and option, and the values of options that take a few. For this shell:',
    '  bash: source <(latchkey completion bash)',
    '  zsh:  source <(latchkey completion zsh)  (after compinit)',
    '  fish: latchkey completion fish | source',
    'For every new shell, save it as ~/.local/share/bash-completion/completions/latchkey, as _latchkey in a',
    'directory of $fpath, or as ~/.config/fish/completions/latchkey.fish.',
  ].join('\n'),
  arguments: [{ name: 'SHELL', description: 'bash, zsh or fish', choices: shells }],
  async run({ arguments: [shell = ''], commandTable, terminal }) {
    const script = Object.hasOwn(scripts, shell) ? scripts[shell as keyof typeof scripts] : undefined;
    if (!script) throw new UsageError(`completion is for ${shells.join(', ')}, not "${shell}"`);
    terminal.print(script(completionModel(commandTable), cliVersion()).trimEnd());
  },
};
