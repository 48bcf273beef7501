import { LatchkeyApi } from './api.js';
import type { CommandTable, OptionValues } from './command-line.js';
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
  /** The commands this run was parsed against. */
  commandTable: CommandTable<CommandContext>;
  /** The API with the configured token, after checking that token (and warning when it expires soon). */
  authenticatedApi(): Promise<{ api: LatchkeyApi; currentToken: TokenSummary }>;
  /** The API with the configured token, unchecked: for one request whose answer shows whether the token works. */
  tokenApi(): Promise<LatchkeyApi>;
}

export interface CommandContextInput {
  terminal: Terminal;
  environment: NodeJS.ProcessEnv;
  options: OptionValues;
  arguments: string[];
  now: Date;
  commandTable: CommandTable<CommandContext>;
}

export function createCommandContext({
  terminal,
  environment,
  options,
  arguments: args,
  now,
  commandTable,
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

  // Commands destructure the context, so its functions must not rely on `this`.
  const tokenApi = async () => {
    const resolved = await resolve();
    return new LatchkeyApi(resolved.url, requireToken(resolved));
  };

  return {
    terminal,
    environment,
    options,
    arguments: args,
    json: options.flag('json'),
    now,
    configFile,
    commandTable,
    async authenticatedApi() {
      const api = await tokenApi();
      return { api, currentToken: await fetchCurrentToken(api, terminal, now) };
    },
    tokenApi,
  };
}
