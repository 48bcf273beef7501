import type { StoredLogin } from './config-file.js';
import { AuthenticationError, UsageError } from './failures.js';

export const DEFAULT_API_URL = 'http://localhost:4000/graphql';

export type TokenSource = '--token' | 'LATCHKEY_TOKEN' | 'the stored login' | 'standard input';

/** Which API to call, and with which token. Each comes from the flag, else the environment, else the stored login. */
export interface Connection {
  url: string;
  token: { secret: string; source: TokenSource } | null;
  /** Why no token is available, when none is. */
  missingTokenReason: string;
}

export interface ConnectionFlags {
  url?: string | undefined;
  token?: string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A URL as it may be shown: whatever sits between `//` and `@` could be a user name and password. */
function withoutUserInfo(raw: string): string {
  return raw.replace(/\/\/[^/?#]*@/, '//');
}

/**
 * Normalised so that the URL a login was stored for compares equal to the same URL typed differently.
 * Credentials in it are refused without being repeated: the token is the only credential sent, and the URL
 * is shown in messages.
 */
export function normaliseApiUrl(raw: string, origin: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${origin} must be an http(s) URL such as ${DEFAULT_API_URL}, got "${withoutUserInfo(raw)}"`);
  }
  if (url.username || url.password) {
    throw new UsageError(
      `${origin} must not contain a user name or password (the token is the credential): use ${withoutUserInfo(url.href)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${origin} must be an http(s) URL such as ${DEFAULT_API_URL}, got "${url.href}"`);
  }
  return url.href;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '::1' ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}

/** The warning to show once per run when the token would cross the network unencrypted, or null. */
export function plainHttpWarning(url: string): string | null {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' || isLoopback(hostname)) return null;
  return `${url} is plain http to another host: the token crosses the network unencrypted; use https`;
}

export function resolveApiUrl(
  flagUrl: string | undefined,
  environment: NodeJS.ProcessEnv,
  storedLogin: StoredLogin | null,
): string {
  const fromFlag = nonEmpty(flagUrl);
  if (fromFlag) return normaliseApiUrl(fromFlag, '--url');
  const fromEnvironment = nonEmpty(environment.LATCHKEY_URL);
  if (fromEnvironment) return normaliseApiUrl(fromEnvironment, 'LATCHKEY_URL');
  return normaliseApiUrl(storedLogin?.url ?? DEFAULT_API_URL, 'the stored login URL');
}

/**
 * A stored token is only sent to the URL it was stored with: pointing `--url` at another server must
 * not hand it a token meant for this one.
 */
function chooseToken(
  flagToken: string | undefined,
  environment: NodeJS.ProcessEnv,
  storedLogin: StoredLogin | null,
  url: string,
): Connection['token'] {
  const fromFlag = nonEmpty(flagToken);
  if (fromFlag) return { secret: fromFlag, source: '--token' };
  const fromEnvironment = nonEmpty(environment.LATCHKEY_TOKEN);
  if (fromEnvironment) return { secret: fromEnvironment, source: 'LATCHKEY_TOKEN' };
  const stored = storedTokenFor(url, storedLogin);
  return stored === null ? null : { secret: stored, source: 'the stored login' };
}

/** The stored token, when the login was stored for this URL. */
export function storedTokenFor(url: string, storedLogin: StoredLogin | null): string | null {
  if (!storedLogin || normaliseApiUrl(storedLogin.url, 'the stored login URL') !== url) return null;
  return storedLogin.token;
}

export function resolveConnection(
  flags: ConnectionFlags,
  environment: NodeJS.ProcessEnv,
  storedLogin: StoredLogin | null,
): Connection {
  const url = resolveApiUrl(flags.url, environment, storedLogin);
  const token = chooseToken(flags.token, environment, storedLogin, url);
  const missingTokenReason = storedLogin
    ? `no token for ${url}: the stored login is for ${storedLogin.url} (run "latchkey login --url ${url}", or set LATCHKEY_TOKEN)`
    : 'no token: run "latchkey login", or set LATCHKEY_TOKEN';
  return { url, token, missingTokenReason };
}

export function requireToken(connection: Connection): { secret: string; source: TokenSource } {
  if (!connection.token) throw new AuthenticationError(connection.missingTokenReason);
  return connection.token;
}
