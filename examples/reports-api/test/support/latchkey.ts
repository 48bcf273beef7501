import path from 'node:path';
import { type RunningProcess, runNode, startNode } from './processes.js';

export const repositoryRoot = path.resolve(import.meta.dirname, '../../../..');
const serverDirectory = path.join(repositoryRoot, 'server');

export interface RunningLatchkey extends RunningProcess {
  /** The base URL services are configured with, e.g. http://127.0.0.1:4000. */
  url: string;
  port: number;
}

/** Everything a test server needs: the shipped catalogue, cheap password hashes, no limits in the way. */
function latchkeyEnvironment(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    LATCHKEY_CONFIG: path.join(repositoryRoot, 'latchkey.config.json'),
    LATCHKEY_LOG: 'off',
    LATCHKEY_SCRYPT_LOG_N: '12',
    LATCHKEY_RATE_LIMIT_SIGN_UP_IP: '1000000',
    LATCHKEY_RATE_LIMIT_SIGNED_IN_IP: '1000000',
    LATCHKEY_RATE_LIMIT_SIGNED_IN_ACCOUNT: '1000000',
    LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP: '1000000',
    // Only the revocation stream may explain a refusal of a token the example service has cached.
    LATCHKEY_TOKEN_CACHE_TTL_SECONDS: '3600',
  };
}

/** The built server (`server/dist/index.js`, what `npm start` runs) as its own process. */
export async function startLatchkey(databaseUrl: string, port = 0): Promise<RunningLatchkey> {
  const running = startNode([path.join(serverDirectory, 'dist/index.js')], {
    cwd: serverDirectory,
    env: { ...latchkeyEnvironment(databaseUrl), HOST: '127.0.0.1', PORT: String(port) },
  });
  await running.untilOutput(/ready at http:\/\/\S+/);
  // The start line is JSON when the log is on: the URL ends at a quote as well as at a space.
  const graphqlUrl = /ready at (http:\/\/[^\s"]+)/.exec(running.output())?.[1] ?? '';
  const url = new URL(graphqlUrl).origin;
  return { ...running, url, port: Number(new URL(url).port) };
}

/** `npm run service-key -- create reports`: the server's own script, which also migrates the database. */
export async function createServiceKey(databaseUrl: string): Promise<string> {
  const printed = await runNode(['--import', 'tsx', 'scripts/service-key.ts', 'create', 'reports'], {
    cwd: serverDirectory,
    env: latchkeyEnvironment(databaseUrl),
  });
  const key = /lksvc_[0-9A-Za-z]{38}/.exec(printed)?.[0];
  if (!key) throw new Error(`No service key in:\n${printed}`);
  return key;
}

async function graphql<Data>(latchkey: { url: string }, cookie: string, query: string, variables: object) {
  const response = await fetch(`${latchkey.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown };
  if (response.status !== 200 || !body.data) throw new Error(`Latchkey answered ${JSON.stringify(body)}`);
  return { data: body.data, setCookie: response.headers.get('set-cookie') };
}

export interface Account {
  cookie: string;
}

/** A new account, signed in: the session is what mints and revokes tokens below. */
export async function signUp(latchkey: { url: string }): Promise<Account> {
  const email = `reports-${Math.random().toString(36).slice(2)}@example.com`;
  const { setCookie } = await graphql(
    latchkey,
    '',
    'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }',
    { input: { email, password: 'correct horse battery' } },
  );
  return { cookie: (setCookie ?? '').split(';')[0] ?? '' };
}

export interface MintedToken {
  id: string;
  secret: string;
}

/** Issue 16's per-token controls, as `generateToken` takes them. */
export interface TokenControls {
  allowedAddresses?: string[];
  rateLimit?: { requests: number; windowSeconds: number };
  quota?: { uses: number; refill?: 'DAY' | 'WEEK' | 'MONTH' };
}

export async function mintToken(
  latchkey: { url: string },
  account: Account,
  permissions: string[],
  controls: TokenControls = {},
): Promise<MintedToken> {
  const { data } = await graphql<{
    generateToken: { __typename: string; secret?: string; token?: { id: string } };
  }>(
    latchkey,
    account.cookie,
    `mutation ($input: GenerateTokenInput!) {
      generateToken(input: $input) { __typename ... on GenerateTokenSuccess { secret token { id } } }
    }`,
    {
      input: { name: `token ${Math.random().toString(36).slice(2)}`, expiration: 'DAYS_30', permissions, ...controls },
    },
  );
  const { __typename, secret, token } = data.generateToken;
  if (!secret || !token) throw new Error(`generateToken answered ${__typename}`);
  return { id: token.id, secret };
}

export async function revokeToken(latchkey: { url: string }, account: Account, token: MintedToken): Promise<void> {
  const { data } = await graphql<{ revokeToken: { __typename: string } }>(
    latchkey,
    account.cookie,
    'mutation ($id: ID!) { revokeToken(id: $id) { __typename } }',
    { id: token.id },
  );
  if (data.revokeToken.__typename !== 'RevokeTokenSuccess') {
    throw new Error(`revokeToken answered ${data.revokeToken.__typename}`);
  }
}
