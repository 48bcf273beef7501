import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { repositoryRoot } from '../src/config.js';
import { db } from '../src/db.js';
import { setLogSink } from '../src/logging/logger.js';
import { fromTheShell } from './support/admin-matrix.js';
import { createTestApp, MINUTE, TestClock } from './support/app.js';
import { testDatabaseUrl } from './support/database.js';
import { startServerProcess } from './support/server-process.js';
import { basic, FORM, serviceEndpointsAt } from './support/service-http.js';

const clock = new TestClock();
const { send } = serviceEndpointsAt(clock);

afterEach(() => setLogSink(null));

async function setUp(app = createTestApp({ clock })) {
  const administrator = await app.signUp();
  await setAdministrator(administrator.email, true, fromTheShell());
  return { app, administrator, session: { cookie: administrator.cookie } };
}

type Session = { cookie: string };

const adminServicesQuery = `{
  adminServices {
    id name description acceptsKeys
    permissions { name description implies }
    keys { id serviceId hint createdAt lastUsedAt revokedAt }
  }
}`;

const createMutation = `mutation ($serviceId: String!) {
  createServiceKey(input: { serviceId: $serviceId }) {
    __typename
    ... on CreateServiceKeySuccess { secret key { id serviceId hint createdAt lastUsedAt revokedAt } }
    ... on Error { message }
  }
}`;

const revokeMutation = `mutation ($id: ID!) {
  revokeServiceKey(id: $id) {
    __typename
    ... on RevokeServiceKeySuccess { changed key { id hint revokedAt } }
    ... on Error { message }
  }
}`;

async function mint(app: ReturnType<typeof createTestApp>, session: Session, serviceId = 'reports') {
  const { createServiceKey: created } = await app.data(createMutation, { serviceId }, session);
  expect(created.__typename).toBe('CreateServiceKeySuccess');
  return created as { secret: string; key: { id: string; hint: string; serviceId: string } };
}

/** What a service's introspection call answers for its key alone: 200 (the key is good) or 401. */
async function introspectionStatus(key: string, base?: string): Promise<number> {
  const body = new URLSearchParams({ token: 'not a token' }).toString();
  const headers: [string, string][] = [['Authorization', basic('reports', key)], FORM];
  if (base === undefined) return (await send('POST', '/oauth/introspect', headers, body)).status;
  const response = await fetch(`${base}/oauth/introspect`, { method: 'POST', headers, body });
  await response.text();
  return response.status;
}

const serviceKeyEvents = `{
  viewer { auditEvents(action: [SERVICE_KEY_CREATED, SERVICE_KEY_REVOKED]) {
    edges { node { action actorType administratorEmail subjectEmail serviceId serviceKeyHint } }
  } }
}`;

describe('adminServices', () => {
  it('lists the catalogue as loaded, Latchkey first, with what each permission implies and every key of each service without its secret', async () => {
    const { app, session } = await setUp();
    const { key } = await mint(app, session, 'billing');
    const { adminServices } = await app.data(adminServicesQuery, {}, session);
    expect(adminServices.map((service: { id: string }) => service.id)).toEqual(['latchkey', 'reports', 'billing']);
    const [latchkey, reports, billing] = adminServices;
    expect(latchkey).toMatchObject({ name: 'Latchkey', acceptsKeys: false, keys: [] });
    expect(latchkey.permissions.map((permission: { name: string }) => permission.name)).toContain('admin:write');
    expect(reports).toMatchObject({
      name: 'Reports',
      description: 'The example reports API (examples/reports-api) that accepts Latchkey tokens.',
      acceptsKeys: true,
      permissions: [
        { name: 'reports:read', description: 'Read reports.', implies: [] },
        { name: 'reports:write', description: 'Create, change and delete reports.', implies: ['reports:read'] },
      ],
    });
    expect(billing.acceptsKeys).toBe(true);
    // The database is shared by this file's tests: other tests' keys are listed too.
    expect(billing.keys).toContainEqual({
      id: key.id,
      serviceId: 'billing',
      hint: key.hint,
      createdAt: clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(reports.keys.map((listed: { id: string }) => listed.id)).not.toContain(key.id);
  });

  it('shows when a key was last used and when it was revoked', async () => {
    const { app, session } = await setUp();
    const { key, secret } = await mint(app, session);
    expect(await introspectionStatus(secret)).toBe(200);
    await app.data(revokeMutation, { id: key.id }, session);
    const { adminServices } = await app.data(adminServicesQuery, {}, session);
    const listed = adminServices[1].keys.find((candidate: { id: string }) => candidate.id === key.id);
    expect(listed).toMatchObject({ lastUsedAt: clock.now().toISOString(), revokedAt: clock.now().toISOString() });
  });
});

describe('createServiceKey and revokeServiceKey', () => {
  it('mint a key that authenticates introspection at once, and that is refused at once after its revoke', async () => {
    const { app, session } = await setUp();
    const { key, secret } = await mint(app, session);
    expect(secret).toMatch(/^lksvc_[0-9A-Za-z]{38}$/);
    expect(key.hint).toBe(`lksvc_…${secret.slice(-4)}`);
    expect(await introspectionStatus(secret)).toBe(200);
    const revoked = await app.data(revokeMutation, { id: key.id }, session);
    expect(revoked.revokeServiceKey).toEqual({
      __typename: 'RevokeServiceKeySuccess',
      changed: true,
      key: { id: key.id, hint: key.hint, revokedAt: clock.now().toISOString() },
    });
    expect(await introspectionStatus(secret)).toBe(401);
  });

  it('revoke a revoked key again without changing or auditing anything', async () => {
    const { app, session } = await setUp();
    const { key } = await mint(app, session);
    await app.data(revokeMutation, { id: key.id }, session);
    const events = await db.auditEvent.count();
    const again = await app.data(revokeMutation, { id: key.id }, session);
    expect(again.revokeServiceKey).toMatchObject({ __typename: 'RevokeServiceKeySuccess', changed: false });
    expect(await db.auditEvent.count()).toBe(events);
  });

  it('reach a second replica that kept the key: it refuses the key as soon as the revoke commits', async () => {
    const { app, session } = await setUp();
    // A cache lifetime far beyond the test: only the change reaching the replica can explain a refusal.
    const replica = await startServerProcess({
      DATABASE_URL: testDatabaseUrl,
      LATCHKEY_TOKEN_CACHE_TTL_SECONDS: '3600',
    });
    try {
      const base = new URL(replica.url).origin;
      const { key, secret } = await mint(app, session);
      expect(await introspectionStatus(secret, base)).toBe(200);
      expect(await introspectionStatus(secret, base)).toBe(200);
      await app.data(revokeMutation, { id: key.id }, session);
      const deadline = Date.now() + 5000;
      let status = await introspectionStatus(secret, base);
      while (status !== 401 && Date.now() < deadline) status = await introspectionStatus(secret, base);
      expect(status).toBe(401);
    } finally {
      await replica.stop();
    }
  });

  it('show the secret only in the create response: never in a later query, a log line or an audit row', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line), 'debug');
    const { app, session } = await setUp();
    const response = await app.request(createMutation, { serviceId: 'reports' }, session);
    const { secret, key } = response.body.data.createServiceKey;
    expect(response.text).toContain(secret);
    await introspectionStatus(secret);
    const later = await app.request(adminServicesQuery, {}, session);
    expect(later.text).toContain(key.hint);
    await app.data(revokeMutation, { id: key.id }, session);
    const auditRows = await db.auditEvent.findMany({});
    const audit = await app.request(serviceKeyEvents, {}, session);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [later.text, audit.text, JSON.stringify(auditRows), ...lines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice('lksvc_'.length));
    }
  });

  it("audit both in the acting administrator's log, with the service and the key's hint, and in nobody else's", async () => {
    const { app, administrator, session } = await setUp();
    const colleague = await setUp(app);
    const { key } = await mint(app, session, 'billing');
    await app.data(revokeMutation, { id: key.id }, session);
    const logOf = async (credentials: Session) =>
      (await app.data(serviceKeyEvents, {}, credentials)).viewer.auditEvents.edges.map(
        (edge: { node: unknown }) => edge.node,
      );
    const byTheAdministrator = { actorType: 'SESSION', administratorEmail: administrator.email, subjectEmail: null };
    expect(await logOf(session)).toEqual([
      {
        action: 'SERVICE_KEY_REVOKED',
        ...byTheAdministrator,
        serviceId: 'billing',
        serviceKeyHint: key.hint,
      },
      {
        action: 'SERVICE_KEY_CREATED',
        ...byTheAdministrator,
        serviceId: 'billing',
        serviceKeyHint: key.hint,
      },
    ]);
    expect(await logOf(colleague.session)).toEqual([]);
  });

  it('refuse an unknown service, or Latchkey itself, with a typed error and store nothing', async () => {
    const { app, session } = await setUp();
    const before = { keys: await db.serviceKey.count(), events: await db.auditEvent.count() };
    const unknown = await app.data(createMutation, { serviceId: 'nope' }, session);
    expect(unknown.createServiceKey).toEqual({
      __typename: 'NotFoundError',
      message: 'No service "nope" in the catalogue; its services are: reports, billing.',
    });
    const itself = await app.data(createMutation, { serviceId: 'latchkey' }, session);
    expect(itself.createServiceKey).toEqual({
      __typename: 'NotFoundError',
      message: '"latchkey" is Latchkey itself; service keys are for your own services.',
    });
    expect({ keys: await db.serviceKey.count(), events: await db.auditEvent.count() }).toEqual(before);
  });

  it('refuse to revoke a key that does not exist with a typed error', async () => {
    const { app, session } = await setUp();
    const { revokeServiceKey: revoked } = await app.data(revokeMutation, { id: 'no-such-key' }, session);
    expect(revoked).toEqual({ __typename: 'NotFoundError', message: 'No service key with that id exists.' });
  });

  it('ask a session for a recent password first, and change nothing meanwhile', async () => {
    const { app, session } = await setUp(createTestApp({ clock: new TestClock() }));
    const { key, secret } = await mint(app, session);
    app.clock.advance(10 * MINUTE + 1);
    const before = { keys: await db.serviceKey.count(), events: await db.auditEvent.count() };
    const created = await app.data(createMutation, { serviceId: 'reports' }, session);
    expect(created.createServiceKey.__typename).toBe('ReauthenticationRequiredError');
    const revoked = await app.data(revokeMutation, { id: key.id }, session);
    expect(revoked.revokeServiceKey.__typename).toBe('ReauthenticationRequiredError');
    expect({ keys: await db.serviceKey.count(), events: await db.auditEvent.count() }).toEqual(before);
    expect(await introspectionStatus(secret)).toBe(200);
  });
});

/** `npm run service-key -- <args>` against the test database, as the operator runs it; its standard output. */
function serviceKeyCommand(args: string[]): Promise<string> {
  const script = path.join(repositoryRoot, 'server/scripts/service-key.ts');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { cwd: repositoryRoot, env: { ...process.env, DATABASE_URL: testDatabaseUrl } },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

describe('npm run service-key', () => {
  it("audits what it creates and revokes as the operator's, in nobody's log", async () => {
    const created = await serviceKeyCommand(['create', 'reports']);
    const [, keyId, secret] = /Created service key (\S+) for "reports":\s+(lksvc_\w+)/.exec(created) ?? [];
    expect(keyId, created).toBeDefined();
    await serviceKeyCommand(['revoke', keyId as string]);
    const hint = `lksvc_…${secret?.slice(-4)}`;
    const events = await db.auditEvent.findMany({
      where: { action: { in: ['SERVICE_KEY_CREATED', 'SERVICE_KEY_REVOKED'] }, serviceKeyHint: hint },
      select: { action: true, userId: true, actorType: true, actorUserId: true, serviceId: true, serviceKeyHint: true },
      orderBy: { id: 'asc' },
    });
    expect(events).toEqual([
      {
        action: 'SERVICE_KEY_CREATED',
        userId: null,
        actorType: 'OPERATOR',
        actorUserId: null,
        serviceId: 'reports',
        serviceKeyHint: hint,
      },
      {
        action: 'SERVICE_KEY_REVOKED',
        userId: null,
        actorType: 'OPERATOR',
        actorUserId: null,
        serviceId: 'reports',
        serviceKeyHint: hint,
      },
    ]);
  });
});
