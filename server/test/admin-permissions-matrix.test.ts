import { describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { db } from '../src/db.js';
import { type Credentials, createTestApp, MINUTE, type TestApp } from './support/app.js';

const fromTheShell = () => ({
  actor: { type: 'OPERATOR' as const, id: null },
  administrator: null,
  origin: { ip: null, userAgent: 'test' },
  // Before the test clock starts (2026-01-15T12:00Z), as it happens before the requests.
  at: new Date('2026-01-15T11:00:00.000Z'),
});

const ORDINARY_PERMISSIONS = [
  'profile:read',
  'tokens:read',
  'tokens:write',
  'audit:read',
  'notifications:read',
  'notifications:write',
];

/** An administrator, a second one to revoke, a person to grant, and an ordinary person with a token of everything else. */
async function setUp() {
  const app = createTestApp();
  const administrator = await app.signUp();
  const colleague = await app.signUp();
  const candidate = await app.signUp();
  const ordinary = await app.signUp();
  await setAdministrator(administrator.email, true, fromTheShell());
  await setAdministrator(colleague.email, true, fromTheShell());
  const session = { cookie: administrator.cookie };
  const writeToken = await app.generateToken(session, { name: 'admin write', permissions: ['admin:write'] });
  const readToken = await app.generateToken(session, { name: 'admin read', permissions: ['admin:read'] });
  const ordinaryToken = await app.generateToken({ cookie: ordinary.cookie }, { permissions: ORDINARY_PERMISSIONS });
  const callers: Record<CallerName, Credentials> = {
    'administrator session': session,
    'administrator token with admin:write': { token: writeToken.secret },
    'administrator token with admin:read only': { token: readToken.secret },
    'ordinary session': { cookie: ordinary.cookie },
    'ordinary token': { token: ordinaryToken.secret },
    anonymous: {},
  };
  return { app, administrator, colleague, candidate, callers };
}

type CallerName =
  | 'administrator session'
  | 'administrator token with admin:write'
  | 'administrator token with admin:read only'
  | 'ordinary session'
  | 'ordinary token'
  | 'anonymous';

type Setting = Awaited<ReturnType<typeof setUp>>;

interface Operation {
  name: string;
  allowed: CallerName[];
  run: (app: TestApp, caller: Credentials, setting: Setting) => ReturnType<TestApp['request']>;
  succeeded: (data: Record<string, unknown>, setting: Setting) => void;
}

const WRITERS: CallerName[] = ['administrator session', 'administrator token with admin:write'];

const operations: Operation[] = [
  {
    name: 'administrators',
    allowed: [...WRITERS, 'administrator token with admin:read only'],
    run: (app, caller) => app.request('{ administrators { email } }', {}, caller),
    succeeded: (data, { administrator, colleague }) =>
      // The database is shared by this file's tests: other tests' administrators are listed too.
      expect((data.administrators as { email: string }[]).map(({ email }) => email)).toEqual(
        expect.arrayContaining([administrator.email, colleague.email]),
      ),
  },
  {
    name: 'grantAdministrator',
    allowed: WRITERS,
    run: (app, caller, { candidate }) =>
      app.request(
        `mutation ($email: String!) {
          grantAdministrator(input: { email: $email }) { __typename ... on GrantAdministratorSuccess { email changed } }
        }`,
        { email: candidate.email },
        caller,
      ),
    succeeded: (data, { candidate }) =>
      expect(data).toEqual({
        grantAdministrator: { __typename: 'GrantAdministratorSuccess', email: candidate.email, changed: true },
      }),
  },
  {
    name: 'revokeAdministrator',
    allowed: WRITERS,
    run: (app, caller, { colleague }) =>
      app.request(
        `mutation ($email: String!) {
          revokeAdministrator(input: { email: $email }) { __typename ... on RevokeAdministratorSuccess { email changed } }
        }`,
        { email: colleague.email },
        caller,
      ),
    succeeded: (data, { colleague }) =>
      expect(data).toEqual({
        revokeAdministrator: { __typename: 'RevokeAdministratorSuccess', email: colleague.email, changed: true },
      }),
  },
];

/** What an administrative call could change: everyone's role, and the administrative audit events. */
async function administrativeState() {
  const users = await db.user.findMany({ select: { email: true, isAdministrator: true }, orderBy: { email: 'asc' } });
  const events = await db.auditEvent.count({
    where: { action: { in: ['ADMINISTRATOR_GRANTED', 'ADMINISTRATOR_REVOKED'] } },
  });
  return { users, events };
}

const REFUSAL = {
  message: "This requires an administrator's session, or an administrator's token with the admin permission it needs.",
  extensions: { code: 'FORBIDDEN' },
};

const CALLERS: CallerName[] = [
  'administrator session',
  'administrator token with admin:write',
  'administrator token with admin:read only',
  'ordinary session',
  'ordinary token',
  'anonymous',
];

describe('the administrative API', () => {
  describe.each(operations)('$name', (operation) => {
    it.each(CALLERS)('answers %s as the issue says, and a refusal changes nothing', async (callerName) => {
      const setting = await setUp();
      const before = await administrativeState();
      const response = await operation.run(setting.app, setting.callers[callerName], setting);
      if (operation.allowed.includes(callerName)) {
        expect(response.body.errors, response.text).toBeUndefined();
        operation.succeeded(response.body.data, setting);
        return;
      }
      // Every refused caller gets the very same answer, whoever they are.
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: null,
        errors: [{ ...REFUSAL, locations: [expect.any(Object)], path: [operation.name] }],
      });
      expect(await administrativeState()).toEqual(before);
    });
  });

  it.each(['grantAdministrator', 'revokeAdministrator'])(
    '%s asks a session for a recent password and changes nothing meanwhile, but not a token',
    async (name) => {
      const setting = await setUp();
      const operation = operations.find((candidate) => candidate.name === name) as Operation;
      setting.app.clock.advance(10 * MINUTE + 1);
      const before = await administrativeState();
      const stale = await operation.run(setting.app, setting.callers['administrator session'], setting);
      expect(stale.body.data[name]).toEqual({ __typename: 'ReauthenticationRequiredError' });
      expect(await administrativeState()).toEqual(before);
      const byToken = await operation.run(
        setting.app,
        setting.callers['administrator token with admin:write'],
        setting,
      );
      expect(byToken.body.data[name]).toMatchObject({ changed: true });
    },
  );
});

const auditLog = `{
  viewer { auditEvents(action: [ADMINISTRATOR_GRANTED, ADMINISTRATOR_REVOKED]) {
    edges { node { action actorType administratorEmail subjectEmail } }
  } }
}`;

describe('administrative audit events', () => {
  it("show in the acting administrator's log and in the affected person's, and in nobody else's", async () => {
    const setting = await setUp();
    const { app, administrator, candidate, callers } = setting;
    const grant = operations.find((operation) => operation.name === 'grantAdministrator') as Operation;
    await grant.run(app, callers['administrator session'], setting);
    const event = {
      action: 'ADMINISTRATOR_GRANTED',
      actorType: 'SESSION',
      administratorEmail: administrator.email,
      subjectEmail: candidate.email,
    };
    const logOf = async (credentials: Credentials) =>
      (await app.data(auditLog, {}, credentials)).viewer.auditEvents.edges.map((edge: { node: unknown }) => edge.node);
    const madeAdministratorFromTheShell = {
      action: 'ADMINISTRATOR_GRANTED',
      actorType: 'OPERATOR',
      administratorEmail: null,
      subjectEmail: administrator.email,
    };
    expect(await logOf({ cookie: administrator.cookie })).toEqual([event, madeAdministratorFromTheShell]);
    expect(await logOf({ cookie: candidate.cookie })).toEqual([event]);
    expect(await logOf(callers['ordinary session'])).toEqual([]);
  });

  it('name the operator when the role was changed from the shell', async () => {
    const { app, administrator } = await setUp();
    const events = (await app.data(auditLog, {}, { cookie: administrator.cookie })).viewer.auditEvents.edges;
    expect(events.map((edge: { node: unknown }) => edge.node)).toEqual([
      {
        action: 'ADMINISTRATOR_GRANTED',
        actorType: 'OPERATOR',
        administratorEmail: null,
        subjectEmail: administrator.email,
      },
    ]);
  });
});

describe("a token's administrative permissions", () => {
  it("grant nothing from the request after its owner's role is revoked, and again once it is granted back", async () => {
    const { app, administrator, callers } = await setUp();
    const token = callers['administrator token with admin:read only'];
    const read = () => app.request('{ administrators { email } }', {}, token);
    expect((await read()).body.errors).toBeUndefined();
    await setAdministrator(administrator.email, false, fromTheShell());
    expect((await read()).body.errors).toEqual([expect.objectContaining(REFUSAL)]);
    const session = await app.request('{ administrators { email } }', {}, callers['administrator session']);
    expect(session.body.errors).toEqual([expect.objectContaining(REFUSAL)]);
    await setAdministrator(administrator.email, true, fromTheShell());
    expect((await read()).body.errors).toBeUndefined();
  });

  it('may be granted only by an administrator: an ordinary session is refused', async () => {
    const { app, callers } = await setUp();
    const response = await app.data(
      `mutation ($input: GenerateTokenInput!) {
        generateToken(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } }
      }`,
      { input: { name: 'sneaky', expiration: 'DAYS_30', permissions: ['admin:read'] } },
      callers['ordinary session'],
    );
    expect(response.generateToken).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [
        { path: ['input', 'permissions'], message: 'Only an administrator may hold admin:read or admin:write.' },
      ],
    });
  });

  it('cannot be rotated, restored or kept by an edit once their owner is no longer an administrator', async () => {
    const { app, administrator } = await setUp();
    const session = { cookie: administrator.cookie };
    const held = await app.generateToken(session, { name: 'held', permissions: ['admin:read', 'tokens:read'] });
    const revoked = await app.generateToken(session, { name: 'revoked', permissions: ['admin:read'] });
    await app.data('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { id: revoked.id }, session);
    await setAdministrator(administrator.email, false, fromTheShell());
    const rotate = await app.data(
      'mutation ($id: ID!) { rotateToken(id: $id, overlap: NONE) { __typename ... on Error { message } } }',
      { id: held.id },
      session,
    );
    expect(rotate.rotateToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'Only an administrator may hold admin:read or admin:write.',
    });
    const restore = await app.data(
      'mutation ($id: ID!) { restoreToken(id: $id) { __typename ... on Error { message } } }',
      { id: revoked.id },
      session,
    );
    expect(restore.restoreToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'Only an administrator may hold admin:read or admin:write.',
    });
    const edit = `mutation ($id: ID!, $input: UpdateTokenInput!) {
      updateToken(id: $id, input: $input) { __typename ... on Error { message } }
    }`;
    expect((await app.data(edit, { id: held.id, input: { name: 'renamed' } }, session)).updateToken).toEqual({
      __typename: 'PermissionsNotAllowedError',
      message: 'Only an administrator may hold admin:read or admin:write.',
    });
    // Dropping the administrative permission is always allowed.
    const dropped = await app.data(edit, { id: held.id, input: { permissions: ['tokens:read'] } }, session);
    expect(dropped.updateToken.__typename).toBe('UpdateTokenSuccess');
  });
});
