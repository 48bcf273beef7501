import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeMutation } from './support/app.js';
import { testDatabaseUrl } from './support/database.js';
import { listeningPorts } from './support/listening-ports.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

// A real server process with its metrics port on: what it counts, and where (never on the public port).

const SIGN_UP = 'mutation MetricsSignUp($input: SignUpInput!) { signUp(input: $input) { __typename } }';
const GENERATE_TOKEN = `mutation MetricsGenerateToken($input: GenerateTokenInput!) {
  generateToken(input: $input) { ... on GenerateTokenSuccess { secret token { id } } }
}`;
const VIEWER = 'query MetricsViewer { viewer { id } }';

async function call(url: string, query: string, variables: object = {}, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { response, body: await response.json() };
}

/** A signed-up person's session cookie and a fresh token of theirs. */
async function personWithToken(url: string) {
  const email = `metrics-${Math.random().toString(36).slice(2)}@example.com`;
  const signedUp = await call(url, SIGN_UP, { input: { email, password: 'correct horse battery' } });
  const cookie = (signedUp.response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const generated = await call(
    url,
    GENERATE_TOKEN,
    { input: { name: 'metered', expiration: 'DAYS_30', permissions: ['profile:read'] } },
    { cookie },
  );
  expect(generated.body.errors, JSON.stringify(generated.body)).toBeUndefined();
  const { secret, token } = generated.body.data.generateToken;
  return { cookie, secret: secret as string, tokenId: token.id as string };
}

/** The value of the sample `series` (name and labels exactly as exported), or 0 when it is not there. */
function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('with LATCHKEY_METRICS_PORT set', () => {
  let server: RunningServer;
  let metricsUrl: string;

  beforeAll(async () => {
    server = await startServerProcess({
      DATABASE_URL: testDatabaseUrl,
      LATCHKEY_METRICS_PORT: '0',
      LATCHKEY_METRICS_HOST: '127.0.0.1',
    });
    const printed = /Metrics at (http:\/\/[^\s"]+)/.exec(server.output())?.[1];
    if (!printed) throw new Error(`no metrics line in:\n${server.output()}`);
    metricsUrl = printed;
  });

  afterAll(() => server?.stop());

  async function scrape(): Promise<string> {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  }

  it('counts a verified token, and a refused one by its reason', async () => {
    const { secret } = await personWithToken(server.url);
    const before = await scrape();
    const verified = await call(server.url, VIEWER, {}, { authorization: `Bearer ${secret}` });
    expect(verified.body.data.viewer).not.toBeNull();
    const refused = await call(server.url, VIEWER, {}, { authorization: 'Bearer lkpat_not-a-token' });
    expect(refused.response.status).toBe(401);
    const after = await scrape();
    const valid = 'latchkey_token_verifications_total{result="valid"}';
    const invalid = 'latchkey_token_verifications_total{result="invalid"}';
    expect(sample(after, valid) - sample(before, valid)).toBe(1);
    expect(sample(after, invalid) - sample(before, invalid)).toBe(1);
  });

  it('counts hits and misses of the verified-token cache', async () => {
    const { secret } = await personWithToken(server.url);
    const before = await scrape();
    for (let i = 0; i < 3; i++) await call(server.url, VIEWER, {}, { authorization: `Bearer ${secret}` });
    const after = await scrape();
    const hits = 'latchkey_token_cache_lookups_total{result="hit"}';
    const misses = 'latchkey_token_cache_lookups_total{result="miss"}';
    expect(sample(after, misses) - sample(before, misses)).toBe(1);
    expect(sample(after, hits) - sample(before, hits)).toBe(2);
  });

  it('counts a revocation by its reason, and the revoked token’s refusal', async () => {
    const { cookie, secret, tokenId } = await personWithToken(server.url);
    await call(server.url, VIEWER, {}, { authorization: `Bearer ${secret}` });
    const before = await scrape();
    const revoked = await call(server.url, revokeMutation, { id: tokenId }, { cookie });
    expect(revoked.body.data.revokeToken.__typename).toBe('RevokeTokenSuccess');
    await call(server.url, VIEWER, {}, { authorization: `Bearer ${secret}` });
    const after = await scrape();
    const revocations = 'latchkey_token_revocations_total{reason="OWNER"}';
    const refusals = 'latchkey_token_verifications_total{result="revoked"}';
    expect(sample(after, revocations) - sample(before, revocations)).toBe(1);
    expect(sample(after, refusals) - sample(before, refusals)).toBe(1);
  });

  it('shows GraphQL operations by name, with their latency', async () => {
    await call(server.url, 'query MetricsProbe { __typename }');
    const metrics = await scrape();
    expect(metrics).toMatch(/^graphql_envelop_request\{[^}]*operationName="MetricsProbe"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^graphql_envelop_request_duration_count\{[^}]*operationName="MetricsProbe"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^graphql_yoga_http_duration_count\{[^}]*operationName="MetricsProbe"[^}]*\} [1-9]/m);
  });

  it('times what is served beside GraphQL by endpoint, never by the path sent', async () => {
    const before = await scrape();
    await (await fetch(new URL('/healthz', server.url))).arrayBuffer();
    await (await fetch(new URL('/oauth/introspect', server.url), { method: 'POST' })).arrayBuffer();
    await (await fetch(new URL('/verify?service=reports', server.url))).arrayBuffer();
    await (await fetch(new URL('/verify?service=reports&x=1', server.url))).arrayBuffer();
    const after = await scrape();
    const count = (endpoint: string) => `latchkey_http_request_duration_seconds_count{endpoint="${endpoint}"}`;
    expect(sample(after, count('health')) - sample(before, count('health'))).toBe(1);
    expect(sample(after, count('introspection')) - sample(before, count('introspection'))).toBe(1);
    expect(sample(after, count('forward_auth')) - sample(before, count('forward_auth'))).toBe(2);
    expect(after).not.toMatch(/latchkey_http_request_duration_seconds_count\{endpoint="\/verify/);
  });

  it('counts migrations, HTTP requests by route, service requests and open revocation streams', async () => {
    const before = await scrape();
    await fetch(new URL('/healthz', server.url));
    await fetch(new URL('/oauth/introspect', server.url), { method: 'POST' });
    const after = await scrape();
    const health = 'latchkey_http_requests_total{route="health"}';
    const introspection = 'latchkey_service_requests_total{endpoint="introspection"}';
    expect(sample(after, health) - sample(before, health)).toBe(1);
    expect(sample(after, introspection) - sample(before, introspection)).toBe(1);
    // This file's database was migrated before the server started: nothing was left for it to apply.
    expect(after).toMatch(/^latchkey_migrations_applied_total\{engine="(sqlite|postgresql)"\} 0$/m);
    expect(after).toMatch(/^latchkey_revocation_streams_open 0$/m);
    expect(after).toMatch(/^process_resident_memory_bytes /m);
  });

  it('answers /metrics on the public port as it answers any unknown path', async () => {
    const [metrics, unknown] = await Promise.all([
      fetch(new URL('/metrics', server.url)),
      fetch(new URL('/no-such-page', server.url)),
    ]);
    const [metricsText, unknownText] = await Promise.all([metrics.text(), unknown.text()]);
    expect(metrics.status).toBe(unknown.status);
    expect(metrics.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    // The page differs only in its CSP nonce, made anew for every answer.
    const withoutNonce = (page: string) => page.replaceAll(/nonce="[^"]*"/g, 'nonce');
    expect(withoutNonce(metricsText)).toBe(withoutNonce(unknownText));
    expect(metricsText).not.toContain('latchkey_token_verifications_total');
  });

  it('serves nothing but /metrics on the metrics port', async () => {
    const other = await fetch(new URL('/graphql', metricsUrl));
    expect(other.status).toBe(404);
  });

  it('listens on the public port and the metrics port only', () => {
    const ports = [Number(new URL(server.url).port), Number(new URL(metricsUrl).port)];
    expect(listeningPorts(server.process.pid ?? 0)).toEqual(ports.sort((a, b) => a - b));
  });
});

describe('without LATCHKEY_METRICS_PORT', () => {
  it('listens on the public port only', async () => {
    const server = await startServerProcess({ DATABASE_URL: testDatabaseUrl });
    try {
      expect(server.output()).not.toContain('Metrics at');
      expect(listeningPorts(server.process.pid ?? 0)).toEqual([Number(new URL(server.url).port)]);
    } finally {
      await server.stop();
    }
  });
});
