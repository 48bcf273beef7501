import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { readStoredLogin } from '../config-file.js';
import { resolveApiUrl, storedTokenFor } from '../connection.js';
import { AuthenticationError, UsageError } from '../failures.js';

export const authTokenCommand: CommandSpec<CommandContext> = {
  name: 'auth token',
  summary: 'Print the stored token, for scripts: TOKEN=$(latchkey auth token)',
  usage: 'latchkey auth token [--url URL]',
  description: [
    'Prints the token "latchkey login" stored, alone on standard output, without asking the server. It is the',
    'token for the URL in use (--url, else $LATCHKEY_URL, else the stored one); when nothing is stored for that',
    'URL it prints nothing and exits with 3. LATCHKEY_TOKEN and --token play no part: this is the stored login.',
  ].join('\n'),
  async run({ options, environment, configFile, terminal }) {
    if (options.string('token') !== undefined) {
      throw new UsageError('auth token prints the stored token; --token has no place here');
    }
    const storedLogin = await readStoredLogin(configFile, (message) =>
      terminal.report(`latchkey: warning: ${message}`),
    );
    if (!storedLogin) {
      throw new AuthenticationError(`not logged in: there is no ${configFile}; run "latchkey login" first`);
    }
    const url = resolveApiUrl(options.string('url'), environment, storedLogin);
    const token = storedTokenFor(url, storedLogin);
    if (token === null) {
      throw new AuthenticationError(
        `not logged in to ${url}: the stored login is for ${storedLogin.url} (run "latchkey login --url ${url}")`,
      );
    }
    terminal.printSecret(token);
    if (environment.LATCHKEY_TOKEN?.trim()) {
      terminal.report('latchkey: note: LATCHKEY_TOKEN is set, and other commands use it instead of this token');
    }
  },
};
