import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { healthRoutes } from '../src/http/health.js';
import { apiResponseHeaders } from '../src/http/response-effects.js';
import { createReadiness, type Readiness } from '../src/lifecycle/readiness.js';
import { testDatabaseUrl, testEngine } from './support/database.js';
import { createPostgresqlDatabase, postgresqlAdminUrl } from './support/postgresql.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

const NOT_LISTENING = 'not listening for token revocations from other replicas';
const DATABASE_SILENT = 'the database does not answer';

async function probe(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('/healthz and /readyz on the real server', () => {
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServerProcess({ DATABASE_URL: testDatabaseUrl });
    base = server.url.replace(/\/graphql$/, '');
  });
  afterAll(() => server.stop());

  it.each(['/healthz', '/readyz', '/readyz?probe=kubelet'])(
    'answers %s with 200 and the API’s headers',
    async (path) => {
      const answer = await probe(`${base}${path}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBe('{"status":"ok"}');
      expect(answer.headers.get('content-type')).toBe('application/json');
      for (const [name, value] of Object.entries(apiResponseHeaders)) expect(answer.headers.get(name)).toBe(value);
    },
  );

  it('answers HEAD without a body and refuses other methods', async () => {
    expect(await probe(`${base}/readyz`, { method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
    const post = await probe(`${base}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('readiness', () => {
  const migrations = ['0001_init', '0002_more'];

  it('is ready when the database answers with every migration applied and the listener listens', async () => {
    const readiness = createReadiness({
      appliedMigrations: async () => migrations,
      expectedMigrations: migrations,
      listener: { pid: () => 4242 },
    });
    expect(await readiness.check()).toEqual({ ready: true });
  });

  it('is ready on the database of this engine, as migrated', async () => {
    expect(await createReadiness().check()).toEqual({ ready: true });
  });

  it.each<[string, Parameters<typeof createReadiness>[0], string]>([
    [
      'the database fails',
      { appliedMigrations: () => Promise.reject(new Error('connection refused')), expectedMigrations: migrations },
      DATABASE_SILENT,
    ],
    [
      'the database does not answer in time',
      { appliedMigrations: () => new Promise(() => undefined), expectedMigrations: migrations, timeoutMs: 20 },
      DATABASE_SILENT,
    ],
    [
      'a migration is not applied',
      { appliedMigrations: async () => migrations.slice(0, 1), expectedMigrations: migrations },
      '1 migration(s) not applied',
    ],
    [
      'the invalidation listener is not connected',
      { appliedMigrations: async () => migrations, expectedMigrations: migrations, listener: { pid: () => null } },
      NOT_LISTENING,
    ],
  ])('is not ready when %s', async (_when, options, reason) => {
    expect(await createReadiness(options).check()).toEqual({ ready: false, reason });
  });

  it('is not ready once shutting down', async () => {
    const readiness = createReadiness({ appliedMigrations: async () => migrations, expectedMigrations: migrations });
    readiness.shutDown();
    expect(await readiness.check()).toEqual({ ready: false, reason: 'shutting down' });
  });

  it('answers /readyz with 503 and the reason when not ready', async () => {
    const readiness: Readiness = createReadiness({
      appliedMigrations: async () => [],
      expectedMigrations: migrations,
    });
    const routeFor = healthRoutes(readiness);
    const server: Server = createServer((request, response) => routeFor(request.url ?? '/')?.(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await probe(`http://127.0.0.1:${port}/readyz`);
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toEqual({ status: 'unavailable', reason: '2 migration(s) not applied' });
      expect(answer.headers.get('cache-control')).toBe('no-store');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

async function asAdmin<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const admin = new pg.Client({ connectionString: postgresqlAdminUrl });
  await admin.connect();
  try {
    return (await admin.query<T>(sql, values)).rows;
  } finally {
    await admin.end();
  }
}

describe.skipIf(testEngine !== 'postgresql')('/readyz on PostgreSQL', () => {
  // A database of its own: its connections are the server's alone, so cutting them touches nothing else.
  let database: Awaited<ReturnType<typeof createPostgresqlDatabase>>;
  let name: string;
  let server: RunningServer;
  let readyz: string;
  beforeAll(async () => {
    database = await createPostgresqlDatabase();
    name = new URL(database.url).pathname.slice(1);
    server = await startServerProcess({ DATABASE_URL: database.url, LATCHKEY_LOG: 'json' });
    readyz = server.url.replace(/\/graphql$/, '/readyz');
  });
  afterAll(async () => {
    await asAdmin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    await server?.stop();
    await database?.drop();
  });

  const allowConnections = (allowed: boolean) => asAdmin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${allowed}`);
  const readiness = async () => {
    const answer = await probe(readyz);
    return { status: answer.status, body: JSON.parse(answer.body) };
  };
  const becomes = (status: number, body: object) =>
    vi.waitFor(async () => expect(await readiness()).toEqual({ status, body }), { timeout: 15_000, interval: 20 });

  /** The backend the listener reported last (it logs each time it listens). */
  function listenerPid(): number {
    const listening = server
      .output()
      .split('\n')
      .filter((line) => line.includes('"event":"invalidation_listener_listening"'));
    return JSON.parse(listening.at(-1) ?? '{}').backendPid;
  }

  it('goes 503 when the listener’s connection is cut, and back to 200 once it listens again', async () => {
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ok' } });
    const pid = listenerPid();
    // Until it is allowed again, the listener cannot come back: its 503 lasts long enough to be seen.
    await allowConnections(false);
    const terminated = await asAdmin<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
       WHERE pid = $1 AND datname = $2 AND application_name = 'latchkey-invalidations'`,
      [pid, name],
    );
    expect(terminated).toEqual([{ terminated: true }]);
    await becomes(503, { status: 'unavailable', reason: NOT_LISTENING });
    await allowConnections(true);
    await becomes(200, { status: 'ok' });
    expect(listenerPid()).not.toBe(pid);
  });

  it('goes 503 when the database is unreachable, and back to 200 when it answers again', async () => {
    await becomes(200, { status: 'ok' });
    await allowConnections(false);
    await asAdmin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    await becomes(503, { status: 'unavailable', reason: DATABASE_SILENT });
    await allowConnections(true);
    await becomes(200, { status: 'ok' });
  });
});
