import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { formatJson } from '../output.js';
import { cliVersion } from '../version.js';

export const versionCommand: CommandSpec<CommandContext> = {
  name: 'version',
  summary: 'Print the version of latchkey (as --version and -V do)',
  usage: 'latchkey version [--json]',
  description: 'JSON: {"version"}.',
  async run({ terminal, json }) {
    terminal.print(json ? formatJson({ version: cliVersion() }) : cliVersion());
  },
};
