import { LatchkeyApi } from './api.js';
import type { OptionValues } from './command-line.js';
import { configFilePath, readStoredLogin, type StoredLogin } from './config-file.js';
import { type Connection, plainHttpWarning, requireToken, resolveConnection } from './connection.js';
import { fetchCurrentToken } from './session.js';
import type { Terminal } from './terminal.js';
import type { TokenSummary } from './tokens/token-summary.js';

/** What a command gets to work with; built once per run by `runLatchkey`. */
export interface CommandContext {
  terminal: Terminal;
  environment: NodeJS.ProcessEnv;
  options: OptionValues;
  arguments: string[];
  json: boolean;
  now: Date;
  configFile: string;
  /** The API with the configured token, after checking that token (and warning when it expires soon). */
  authenticatedApi(): Promise<{ api: LatchkeyApi; currentToken: TokenSummary }>;
}

export interface CommandContextInput {
  terminal: Terminal;
  environment: NodeJS.ProcessEnv;
  options: OptionValues;
  arguments: string[];
  now: Date;
}

export function createCommandContext({
  terminal,
  environment,
  options,
  arguments: args,
  now,
}: CommandContextInput): CommandContext {
  const configFile = configFilePath(environment);
  const flags = { url: options.string('url'), token: options.string('token') };
  const warn = (message: string) => terminal.report(`latchkey: warning: ${message}`);

  let connection: Promise<Connection> | undefined;
  const resolve = () => {
    connection ??= (async () => {
      const urlGiven = Boolean(flags.url?.trim() || environment.LATCHKEY_URL?.trim());
      const tokenGiven = Boolean(flags.token?.trim() || environment.LATCHKEY_TOKEN?.trim());
      const storedLogin: StoredLogin | null = urlGiven && tokenGiven ? null : await readStoredLogin(configFile, warn);
      const resolved = resolveConnection(flags, environment, storedLogin);
      const insecure = plainHttpWarning(resolved.url);
      if (insecure) warn(insecure);
      return resolved;
    })();
    return connection;
  };

  return {
    terminal,
    environment,
    options,
    arguments: args,
    json: options.flag('json'),
    now,
    configFile,
    async authenticatedApi() {
      const resolved = await resolve();
      const api = new LatchkeyApi(resolved.url, requireToken(resolved));
      return { api, currentToken: await fetchCurrentToken(api, terminal, now) };
    },
  };
}
