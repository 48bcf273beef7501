import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

/**
 * A relative `file:` URL means relative to where the person ran the command (npm changes the
 * working directory to the workspace, and records the original one in INIT_CWD).
 */
function resolveDatabaseUrl(raw: string | undefined): string {
  if (!raw) return `file:${path.join(repositoryRoot, 'data/latchkey.db')}`;
  if (!raw.startsWith('file:')) return raw;
  const file = raw.slice('file:'.length);
  return `file:${path.resolve(process.env.INIT_CWD ?? process.cwd(), file)}`;
}

/** Like a relative database file: relative to where the person ran the command. */
function resolveFile(raw: string | undefined, fallback: string): string {
  return raw ? path.resolve(process.env.INIT_CWD ?? process.cwd(), raw) : fallback;
}

export const config = {
  port: integer('PORT', 4000),
  /** The operator's services and permissions (docs/services.md). */
  catalogueFile: resolveFile(process.env.LATCHKEY_CONFIG, path.join(repositoryRoot, 'latchkey.config.json')),
  host: process.env.HOST || 'localhost',
  databaseUrl: resolveDatabaseUrl(process.env.DATABASE_URL),
  tokenLimitPerUser: integer('LATCHKEY_TOKEN_LIMIT', 100),
  sessionTtlDays: integer('LATCHKEY_SESSION_TTL_DAYS', 14),
  /** Outer bound on trusting a cached verification, should a revocation message between replicas be lost. */
  tokenCacheTtlSeconds: integer('LATCHKEY_TOKEN_CACHE_TTL_SECONDS', 10),
  /** scrypt cost as a power of two; OWASP's 17 unless a test suite lowers it to stay quick. */
  scryptLogN: integer('LATCHKEY_SCRYPT_LOG_N', 17),
  /** Introspection and forward-auth requests one service may make to one replica in a minute. */
  serviceRequestsPerMinute: integer('LATCHKEY_RATE_LIMIT_SERVICE_REQUESTS', 600_000),
  rateLimits: {
    signInFailuresPerAccount: integer('LATCHKEY_RATE_LIMIT_SIGN_IN_ACCOUNT', 10),
    signInFailuresPerIp: integer('LATCHKEY_RATE_LIMIT_SIGN_IN_IP', 50),
    /** Successful sign-ins cost a full password hash too. */
    signInsPerAccount: integer('LATCHKEY_RATE_LIMIT_SIGNED_IN_ACCOUNT', 20),
    signInsPerIp: integer('LATCHKEY_RATE_LIMIT_SIGNED_IN_IP', 200),
    /** Wrong passwords from a signed-in session count apart from anonymous sign-ins, which anyone can send. */
    passwordConfirmationFailuresPerSession: integer('LATCHKEY_RATE_LIMIT_PASSWORD_CONFIRMATION_SESSION', 10),
    signUpsPerIp: integer('LATCHKEY_RATE_LIMIT_SIGN_UP_IP', 20),
    invalidTokensPerIp: integer('LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP', 60),
  },
  /**
   * Password hashes running at once (each takes 128 MiB at OWASP's cost) and hashes waiting for one; past
   * that, sign-ins get HTTP 503 with Retry-After.
   */
  passwordHashing: {
    concurrency: Math.max(1, integer('LATCHKEY_PASSWORD_HASHING_CONCURRENCY', 1)),
    queueLength: integer('LATCHKEY_PASSWORD_HASHING_QUEUE', 16),
  },
  /** How often expired sessions and rate-limit counters are deleted. */
  sweepIntervalSeconds: Math.max(1, integer('LATCHKEY_SWEEP_INTERVAL_SECONDS', 600)),
  /** `json`: one JSON line per request and security event on stdout; `off`: nothing. */
  logFormat: process.env.LATCHKEY_LOG === 'off' ? ('off' as const) : ('json' as const),
  /** Largest request body accepted, in bytes. */
  maxRequestBodyBytes: integer('LATCHKEY_MAX_BODY_BYTES', 1024 * 1024),
  /**
   * The URL people use to reach this server (for example https://tokens.example.com behind a proxy).
   * Session-authenticated requests must come from this origin. Default: http://HOST:PORT.
   */
  publicUrl: process.env.LATCHKEY_PUBLIC_URL?.replace(/\/+$/, '') || null,
  /**
   * How many reverse proxies in front append to X-Forwarded-For; the client address is that many entries
   * from its right. `true` means 1; unset or `false`, none: the connection's own address.
   */
  trustedProxyHops:
    process.env.LATCHKEY_TRUST_PROXY === 'true'
      ? 1
      : process.env.LATCHKEY_TRUST_PROXY === 'false'
        ? 0
        : integer('LATCHKEY_TRUST_PROXY', 0),
};

export type Config = typeof config;
