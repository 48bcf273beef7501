import { describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { accountOperations } from './admin-matrix/accounts.js';
import { administratorOperations } from './admin-matrix/administrators.js';
import { approvalOperations } from './admin-matrix/approvals.js';
import { bulkRevocationOperations } from './admin-matrix/bulk-revocation.js';
import { inventoryOperations } from './admin-matrix/inventory.js';
import { serviceOperations } from './admin-matrix/services.js';
import { administrativeState, CALLERS, fromTheShell, type Operation, REFUSAL, setUp } from './support/admin-matrix.js';
import { type Credentials, MINUTE } from './support/app.js';

// Each area's administrative fields and mutations; a new one joins the matrix by being listed here.
const operations: Operation[] = [
  ...administratorOperations,
  ...accountOperations,
  ...serviceOperations,
  ...approvalOperations,
  ...bulkRevocationOperations,
  ...inventoryOperations,
];

describe('the administrative API', () => {
  describe.each(operations)('$name', (operation) => {
    it.each(CALLERS)('answers %s as the issue says, and a refusal changes nothing', async (callerName) => {
      const setting = await setUp();
      const prepared = (await operation.prepare?.(setting)) ?? {};
      const before = await administrativeState();
      const response = await operation.run(setting.app, setting.callers[callerName], setting, prepared);
      if (operation.allowed.includes(callerName)) {
        expect(response.body.errors, response.text).toBeUndefined();
        await operation.succeeded(response.body.data, setting, prepared);
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
      const stale = await operation.run(setting.app, setting.callers['administrator session'], setting, {});
      expect(stale.body.data[name]).toEqual({ __typename: 'ReauthenticationRequiredError' });
      expect(await administrativeState()).toEqual(before);
      const byToken = await operation.run(
        setting.app,
        setting.callers['administrator token with admin:write'],
        setting,
        {},
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
    await grant.run(app, callers['administrator session'], setting, {});
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
