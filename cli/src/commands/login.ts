import { LatchkeyApi } from '../api.js';
import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { readStoredLogin, type StoredLogin, storeLogin } from '../config-file.js';
import { plainHttpWarning, resolveApiUrl } from '../connection.js';
import { CommandFailure, UsageError } from '../failures.js';
import { describeTimeFromNow, formatDateTime, formatJson } from '../output.js';
import { fetchCurrentToken } from '../session.js';
import { permissionLabels } from '../tokens/token-summary.js';

async function storedLoginIfReadable(file: string): Promise<StoredLogin | null> {
  try {
    return await readStoredLogin(file, () => {});
  } catch (error) {
    if (error instanceof CommandFailure) return null;
    throw error;
  }
}

export const loginCommand: CommandSpec<CommandContext> = {
  name: 'login',
  summary: 'Check a token read from standard input and store it for later commands',
  usage: 'latchkey login [--url URL] [--json] < token-file',
  description: [
    'Reads the token from standard input, never from the command line, so it stays out of shell history:',
    'typed without echo on a terminal, or the first line of a pipe. The token is checked against the API,',
    'then stored with the URL in a file only you can read (mode 0600): $LATCHKEY_CONFIG_DIR/config.json,',
    'else $XDG_CONFIG_HOME/latchkey/config.json, else ~/.config/latchkey/config.json.',
    'JSON: {"url", "configFile", "token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  async run({ options, environment, configFile, terminal, json, now }) {
    if (options.string('token') !== undefined) {
      throw new UsageError('login reads the token from standard input, not from --token (argv ends up in history)');
    }
    const url = resolveApiUrl(options.string('url'), environment, await storedLoginIfReadable(configFile));
    const insecure = plainHttpWarning(url);
    if (insecure) terminal.report(`latchkey: warning: ${insecure}`);

    const secret = (await terminal.readSecretLine(`Paste a Latchkey token for ${url} (input is hidden): `)).trim();
    if (!secret) throw new UsageError('no token on standard input');

    const api = new LatchkeyApi(url, { secret, source: 'standard input' });
    const token = await fetchCurrentToken(api, terminal, now);
    await storeLogin(configFile, { url, token: secret });

    if (json) terminal.print(formatJson({ url, configFile, token }));
    else {
      terminal.print(
        `Logged in to ${url} with token "${token.name}" (${permissionLabels(token).join(', ')}), expiring ` +
          `${formatDateTime(token.expiresAt)} (${describeTimeFromNow(token.expiresAt, now)}). Stored in ${configFile}.`,
      );
    }
    if (environment.LATCHKEY_TOKEN?.trim()) {
      terminal.report('latchkey: note: LATCHKEY_TOKEN is set, and takes precedence over the stored token');
    }
  },
};
