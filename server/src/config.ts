import path from 'node:path';
import { z } from 'zod';
import { EXIT_CONFIGURATION, StartFailure } from './lifecycle/start-failure.js';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');

// Each message says what is wrong with the value, then what is accepted: it is printed after the variable's name.

function wholeNumber(min: number, max: number, accepted = `a whole number from ${min} to ${max}`) {
  return z
    .string()
    .regex(/^\d+$/, `not a whole number; expected ${accepted}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `out of range; expected ${accepted}`);
}

const count = (min = 0, unit = '') =>
  wholeNumber(min, Number.MAX_SAFE_INTEGER, `a whole number${unit && ` of ${unit}`}, at least ${min}`);

function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  const accepted = values.map((value) => `"${value}"`).join(' or ');
  return z.enum(values, { error: `not accepted; expected ${accepted}` });
}

const DATABASE_URL_FORMS = 'file:PATH (SQLite) or postgresql://USER@HOST:PORT/DATABASE (PostgreSQL)';

/** A relative `file:` path is relative to `directory`, like every other path here. */
const databaseUrl = (directory: string) =>
  z.string().transform((raw, context) => {
    if (raw.startsWith('file:')) return `file:${path.resolve(directory, raw.slice('file:'.length))}`;
    if (/^postgres(ql)?:\/\//.test(raw) && URL.canParse(raw)) return raw;
    context.addIssue({ code: 'custom', message: `not a file: or postgresql:// URL; expected ${DATABASE_URL_FORMS}` });
    return z.NEVER;
  });

const publicUrl = z.string().transform((raw, context) => {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return raw.replace(/\/+$/, '');
  context.addIssue({
    code: 'custom',
    message: 'not an http:// or https:// URL; expected the address people use, e.g. https://tokens.example.com',
  });
  return z.NEVER;
});

/** `true` is one proxy, `false` none, else how many. */
const trustedProxyHops = z.string().transform((raw, context) => {
  if (raw === 'true') return 1;
  if (raw === 'false') return 0;
  if (/^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  context.addIssue({
    code: 'custom',
    message: 'not accepted; expected "true" (one proxy), "false" (none) or the number of proxies in front (0, 1, 2, …)',
  });
  return z.NEVER;
});

/** Where OpenTelemetry's exporter sends spans: its base URL, to which it adds /v1/traces. */
const otlpEndpoint = z.string().refine((raw) => {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  return url?.protocol === 'http:' || url?.protocol === 'https:';
}, "not an http:// or https:// URL; expected the OTLP/HTTP collector's base URL, e.g. http://localhost:4318");

/** Where per-token rate limits and quotas are counted when replicas share PostgreSQL. */
const redisUrl = z.string().refine((raw) => {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  return url?.protocol === 'redis:' || url?.protocol === 'rediss:';
}, 'not a redis:// or rediss:// URL; expected e.g. redis://127.0.0.1:6379');

/** Where notification email is sent through: `smtp://user:password@host:587` or `smtps://…:465`. */
const smtpUrl = z.string().refine((raw) => {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  return url?.protocol === 'smtp:' || url?.protocol === 'smtps:';
}, 'not an smtp:// or smtps:// URL; expected e.g. smtp://user:password@mail.example.com:587');

const onOff = oneOf(['true', 'false']).transform((value) => value === 'true');

/** Origins exactly as browsers send them in `Origin`: scheme, host and port only. */
const origins = z.string().transform((raw, context) => {
  const entries = raw.split(',').map((entry) => entry.trim());
  const wrong = entries.find((entry) => !URL.canParse(entry) || new URL(entry).origin !== entry);
  if (wrong === undefined) return entries;
  context.addIssue({
    code: 'custom',
    message: `${JSON.stringify(wrong)} is not an origin; expected comma-separated origins such as https://app.example.com (no path, no trailing slash, no *)`,
  });
  return z.NEVER;
});

/**
 * Every environment variable the server reads; unset and empty mean the default. Relative paths are relative to
 * `directory`: where the person ran the command (npm changes to the workspace and records it in INIT_CWD).
 */
const environmentSchema = (directory: string) =>
  z.object({
    PORT: wholeNumber(0, 65_535, 'a port number from 0 to 65535').default(4000),
    HOST: z.string().default('localhost'),
    DATABASE_URL: databaseUrl(directory).default(`file:${path.join(repositoryRoot, 'data/latchkey.db')}`),
    LATCHKEY_CONFIG: z
      .string()
      .transform((raw) => path.resolve(directory, raw))
      .default(path.join(repositoryRoot, 'latchkey.config.json')),
    LATCHKEY_TOKEN_LIMIT: count().default(100),
    LATCHKEY_SESSION_TTL_DAYS: count(1, 'days').default(14),
    LATCHKEY_TOKEN_CACHE_TTL_SECONDS: count().default(10),
    LATCHKEY_SCRYPT_LOG_N: wholeNumber(10, 20, "an exponent from 10 to 20 (OWASP's cost is 17)").default(17),
    LATCHKEY_RATE_LIMIT_SERVICE_REQUESTS: count().default(600_000),
    LATCHKEY_RATE_LIMIT_SIGN_IN_ACCOUNT: count().default(10),
    LATCHKEY_RATE_LIMIT_SIGN_IN_IP: count().default(50),
    LATCHKEY_RATE_LIMIT_SIGNED_IN_ACCOUNT: count().default(20),
    LATCHKEY_RATE_LIMIT_SIGNED_IN_IP: count().default(200),
    LATCHKEY_RATE_LIMIT_PASSWORD_CONFIRMATION_SESSION: count().default(10),
    LATCHKEY_RATE_LIMIT_SIGN_UP_IP: count().default(20),
    LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP: count().default(60),
    LATCHKEY_RATE_LIMIT_CREDENTIAL_REPORTS_IP: count().default(60),
    LATCHKEY_PASSWORD_HASHING_CONCURRENCY: count(1).default(1),
    LATCHKEY_PASSWORD_HASHING_QUEUE: count().default(16),
    LATCHKEY_SWEEP_INTERVAL_SECONDS: count(1, 'seconds').default(600),
    LATCHKEY_LOG: oneOf(['json', 'pretty', 'off']).default('json'),
    LATCHKEY_LOG_LEVEL: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
    LATCHKEY_MAX_BODY_BYTES: count(1, 'bytes').default(1024 * 1024),
    LATCHKEY_PUBLIC_URL: publicUrl.optional(),
    LATCHKEY_TRUST_PROXY: trustedProxyHops.default(0),
    LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS: wholeNumber(1, 3600, 'a whole number of seconds from 1 to 3600').default(10),
    LATCHKEY_DATABASE_WAIT_SECONDS: wholeNumber(0, 3600, 'a whole number of seconds from 0 to 3600').default(30),
    LATCHKEY_GRAPHIQL: onOff.default(true),
    LATCHKEY_CORS_ORIGINS: origins.default([]),
    LATCHKEY_METRICS_PORT: wholeNumber(0, 65_535, 'a port number from 0 to 65535').optional(),
    LATCHKEY_METRICS_HOST: z.string().default('127.0.0.1'),
    REDIS_URL: redisUrl.optional(),
    LATCHKEY_SMTP_URL: smtpUrl.optional(),
    LATCHKEY_MAIL_FROM: z.string().optional(),
    LATCHKEY_ALLOW_HTTP_WEBHOOKS: onOff.default(false),
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint.optional(),
    OTEL_SERVICE_NAME: z.string().default('latchkey'),
  });

/** Values never printed back: a database, Redis or SMTP URL may hold a password. */
const UNPRINTED = new Set(['DATABASE_URL', 'REDIS_URL', 'LATCHKEY_SMTP_URL']);

/** The environment's configuration, or a StartFailure with one line per wrong variable (exit code 78). */
export function parseConfiguration(environment: NodeJS.ProcessEnv) {
  const set = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = environmentSchema(environment.INIT_CWD ?? process.cwd()).safeParse(set);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const value = UNPRINTED.has(name) ? '' : ` ${JSON.stringify(set[name])}`;
    return `Invalid ${name}${value}: ${issue.message}.`;
  });
  throw new StartFailure(lines.join('\n'), EXIT_CONFIGURATION);
}

const environment = parseConfiguration(process.env);

export const config = {
  port: environment.PORT,
  /** The operator's services and permissions (docs/services.md). */
  catalogueFile: environment.LATCHKEY_CONFIG,
  host: environment.HOST,
  databaseUrl: environment.DATABASE_URL,
  tokenLimitPerUser: environment.LATCHKEY_TOKEN_LIMIT,
  sessionTtlDays: environment.LATCHKEY_SESSION_TTL_DAYS,
  /** Outer bound on trusting a cached verification, should a revocation message between replicas be lost. */
  tokenCacheTtlSeconds: environment.LATCHKEY_TOKEN_CACHE_TTL_SECONDS,
  /** scrypt cost as a power of two; OWASP's 17 unless a test suite lowers it to stay quick. */
  scryptLogN: environment.LATCHKEY_SCRYPT_LOG_N,
  /**
   * Where tokens' rate limits and quotas are counted across PostgreSQL replicas (docs/tokens.md#rate-limits-and-quotas);
   * null counts them in PostgreSQL. A single SQLite process never uses it.
   */
  redisUrl: environment.REDIS_URL ?? null,
  /** Notification email goes through this SMTP server, from `mailFrom`; without both, email is off (docs/notifications.md). */
  smtpUrl: environment.LATCHKEY_SMTP_URL ?? null,
  mailFrom: environment.LATCHKEY_MAIL_FROM ?? null,
  /** Development only: webhook endpoints may be plain http:// on loopback, and private addresses are allowed. */
  allowHttpWebhooks: environment.LATCHKEY_ALLOW_HTTP_WEBHOOKS,
  /** Introspection and forward-auth requests one service may make to one replica in a minute. */
  serviceRequestsPerMinute: environment.LATCHKEY_RATE_LIMIT_SERVICE_REQUESTS,
  /** Leaked-token reports (POST /credentials/revoke) one address may send in an hour, counted across replicas. */
  credentialReportsPerIpPerHour: environment.LATCHKEY_RATE_LIMIT_CREDENTIAL_REPORTS_IP,
  rateLimits: {
    signInFailuresPerAccount: environment.LATCHKEY_RATE_LIMIT_SIGN_IN_ACCOUNT,
    signInFailuresPerIp: environment.LATCHKEY_RATE_LIMIT_SIGN_IN_IP,
    /** Successful sign-ins cost a full password hash too. */
    signInsPerAccount: environment.LATCHKEY_RATE_LIMIT_SIGNED_IN_ACCOUNT,
    signInsPerIp: environment.LATCHKEY_RATE_LIMIT_SIGNED_IN_IP,
    /** Wrong passwords from a signed-in session count apart from anonymous sign-ins, which anyone can send. */
    passwordConfirmationFailuresPerSession: environment.LATCHKEY_RATE_LIMIT_PASSWORD_CONFIRMATION_SESSION,
    signUpsPerIp: environment.LATCHKEY_RATE_LIMIT_SIGN_UP_IP,
    invalidTokensPerIp: environment.LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP,
  },
  /**
   * Password hashes running at once (each takes 128 MiB at OWASP's cost) and hashes waiting for one; past
   * that, sign-ins get HTTP 503 with Retry-After.
   */
  passwordHashing: {
    concurrency: environment.LATCHKEY_PASSWORD_HASHING_CONCURRENCY,
    queueLength: environment.LATCHKEY_PASSWORD_HASHING_QUEUE,
  },
  /** How often expired sessions and rate-limit counters are deleted. */
  sweepIntervalSeconds: environment.LATCHKEY_SWEEP_INTERVAL_SECONDS,
  /** `json`: one JSON line per event on stdout; `pretty`: the same, readable, for development; `off`: nothing. */
  logFormat: environment.LATCHKEY_LOG,
  /** The least severe level written. */
  logLevel: environment.LATCHKEY_LOG_LEVEL,
  /** Largest request body accepted, in bytes. */
  maxRequestBodyBytes: environment.LATCHKEY_MAX_BODY_BYTES,
  /**
   * The URL people use to reach this server (for example https://tokens.example.com behind a proxy).
   * Session-authenticated requests must come from this origin. Default: http://HOST:PORT.
   */
  publicUrl: environment.LATCHKEY_PUBLIC_URL ?? null,
  /**
   * How many reverse proxies in front append to X-Forwarded-For; the client address is that many entries
   * from its right.
   */
  trustedProxyHops: environment.LATCHKEY_TRUST_PROXY,
  /** How long a shutdown waits for requests in flight before it gives up on them (and exits with 1). */
  shutdownTimeoutSeconds: environment.LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS,
  /** How long a start waits for an unreachable PostgreSQL before it gives up (exit code 69). */
  databaseWaitSeconds: environment.LATCHKEY_DATABASE_WAIT_SECONDS,
  /** GraphiQL for browsers that open the API's path (docs/api.md#graphiql). */
  graphiql: environment.LATCHKEY_GRAPHIQL,
  /** Origins whose pages may call the API with a bearer token, never with the session cookie (docs/api.md#cors). */
  corsOrigins: environment.LATCHKEY_CORS_ORIGINS,
  /**
   * Prometheus metrics at /metrics on their own port, never the public one; null (the default) serves none
   * (docs/operations.md#metrics).
   */
  metrics: { port: environment.LATCHKEY_METRICS_PORT ?? null, host: environment.LATCHKEY_METRICS_HOST },
  /** OpenTelemetry tracing to this OTLP/HTTP collector; null (the default) loads no tracing at all. */
  otelExporterEndpoint: environment.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
  otelServiceName: environment.OTEL_SERVICE_NAME,
};

export type Config = typeof config;
