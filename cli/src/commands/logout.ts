import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { removeStoredLogin } from '../config-file.js';
import { formatJson } from '../output.js';

export const logoutCommand: CommandSpec<CommandContext> = {
  name: 'logout',
  summary: 'Forget the stored token (it stays valid: revoke it to end it)',
  usage: 'latchkey logout [--json]',
  description: 'Removes the config file. JSON: {"removed": boolean, "configFile"}.',
  async run({ configFile, environment, terminal, json }) {
    const removed = await removeStoredLogin(configFile);
    if (json) terminal.print(formatJson({ removed, configFile }));
    else terminal.print(removed ? `Logged out: removed ${configFile}.` : `Not logged in: there is no ${configFile}.`);
    if (environment.LATCHKEY_TOKEN?.trim()) {
      terminal.report('latchkey: note: LATCHKEY_TOKEN is still set, and later commands will use it');
    }
  },
};
