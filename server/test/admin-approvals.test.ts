import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { config } from '../src/config.js';
import { db } from '../src/db.js';
import { NotificationWorker } from '../src/notifications/worker.js';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { NO_POLICIES } from '../src/policies/policies.js';
import { createServiceKey } from '../src/services/service-keys.js';
import { fromTheShell } from './support/admin-matrix.js';
import {
  type Credentials,
  createTestApp,
  DAY,
  deleteMutation,
  localId,
  MINUTE,
  restoreMutation,
  revokeMutation,
  TestClock,
} from './support/app.js';
import { type Mailbox, startMailbox } from './support/mailbox.js';
import { basic, FORM, serviceEndpointsAt } from './support/service-http.js';

// Issue 19's approval flow: tokens asking for `reports:write` wait for an administrator.
const clock = new TestClock();
const { send } = serviceEndpointsAt(clock);
const policies = { ...NO_POLICIES, approvalRequired: new Set(['reports:write']) };
const PUBLIC_URL = 'https://tokens.example.com';

let mailbox: Mailbox;

beforeAll(async () => {
  mailbox = await startMailbox();
  config.smtpUrl = mailbox.url;
  config.mailFrom = 'Latchkey <latchkey@example.com>';
});

afterAll(async () => {
  config.smtpUrl = null;
  config.mailFrom = null;
  await mailbox.close();
});

beforeEach(() => {
  mailbox.messages.length = 0;
});

const viewerQuery = '{ viewer { email } }';

const decisionFields = `
  __typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
`;
const approveMutation = `mutation ($id: ID!, $message: String) {
  approveToken(id: $id, message: $message) {
    ${decisionFields}
    ... on ApproveTokenSuccess { request { tokenId status approvedByEmail expiresAt requestedAt } }
  }
}`;
const denyMutation = `mutation ($id: ID!, $message: String!) {
  denyToken(id: $id, message: $message) {
    ${decisionFields}
    ... on DenyTokenSuccess { request { tokenId status revocationMessage } }
  }
}`;
const queueQuery = `query ($first: Int, $after: String) {
  pendingApprovals(first: $first, after: $after) {
    edges { cursor node {
      tokenId ownerEmail tokenName description requestedAt lifetimeDays status
      permissions { name } permissionsNeedingApproval
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const ownerView = `query ($id: ID!) {
  node(id: $id) { ... on PersonalAccessToken {
    status expiresAt pendingApprovalSince approvedAt approvedByEmail revokedAt revocationReason revocationMessage
  } }
}`;

async function setUp() {
  const app = createTestApp({ clock, policies });
  const administrator = await app.signUp();
  await setAdministrator(administrator.email, true, fromTheShell());
  const person = await app.signUp();
  const owner: Credentials = { cookie: person.cookie };
  const admin: Credentials = { cookie: administrator.cookie };
  const reportsKey = (await createServiceKey(operatorCatalogue(), 'reports', clock.now())).secret;
  const introspect = async (token: string) =>
    JSON.parse(
      (
        await send(
          'POST',
          '/oauth/introspect',
          [['Authorization', basic('reports', reportsKey)], FORM],
          new URLSearchParams({ token }).toString(),
        )
      ).body,
    );
  const verify = async (token: string) =>
    (
      await send('GET', '/verify?service=reports&permission=reports:write', [
        ['X-Latchkey-Service-Key', reportsKey],
        ['Authorization', `Bearer ${token}`],
      ])
    ).status;
  const request = (name = `request ${Math.random().toString(36).slice(2)}`) =>
    app.generateToken(owner, { name, permissions: ['reports:write', 'profile:read'] });
  return { app, administrator, person, owner, admin, introspect, verify, request };
}

describe('a token asking for a permission that needs approval', () => {
  it('is created pending, its secret returned once, and refused at the API, by introspection and /verify', async () => {
    const { app, owner, introspect, verify, request } = await setUp();
    const pending = await request('deploy reports');
    expect(pending.token.status).toBe('PENDING');
    expect(pending.secret).toMatch(/^lkpat_/);
    expect((await app.request(viewerQuery, {}, { token: pending.secret })).status).toBe(401);
    expect(await introspect(pending.secret)).toEqual({ active: false });
    expect(await verify(pending.secret)).toBe(401);
    const view = (await app.data(ownerView, { id: pending.id }, owner)).node;
    expect(view).toMatchObject({
      status: 'PENDING',
      pendingApprovalSince: clock.now().toISOString(),
      approvedAt: null,
    });

    const ordinary = await app.generateToken(owner, { permissions: ['reports:read', 'profile:read'] });
    expect(ordinary.token.status).toBe('ACTIVE');
    expect((await introspect(ordinary.secret)).active).toBe(true);
  });

  it('waits in the queue, oldest first, with its owner, permissions and those needing approval', async () => {
    const { app, admin, person, owner } = await setUp();
    // The file's database is shared: other tests' requests, still waiting, would come first.
    await db.personalAccessToken.updateMany({
      where: { pendingApprovalSince: { not: null } },
      data: { pendingApprovalSince: null, revokedAt: clock.now(), revocationReason: 'OWNER' },
    });
    const first = await app.data(
      `mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { ... on GenerateTokenSuccess { token { id } } } }`,
      {
        input: {
          name: 'first',
          description: 'Nightly report upload',
          expiration: 'DAYS_7',
          permissions: ['reports:write', 'profile:read'],
        },
      },
      owner,
    );
    const requestedAt = clock.now().toISOString();
    clock.advance(MINUTE);
    const second = await app.generateToken(owner, { name: 'second', permissions: ['reports:write'] });
    const page = (await app.data(queueQuery, { first: 1 }, admin)).pendingApprovals;
    expect(page.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      {
        tokenId: first.generateToken.token.id,
        ownerEmail: person.email,
        tokenName: 'first',
        description: 'Nightly report upload',
        requestedAt,
        lifetimeDays: 7,
        status: 'PENDING',
        permissions: [{ name: 'profile:read' }, { name: 'reports:write' }],
        permissionsNeedingApproval: ['reports:write'],
      },
    ]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = (await app.data(queueQuery, { first: 5, after: page.pageInfo.endCursor }, admin)).pendingApprovals;
    expect(next.edges.map((edge: { node: { tokenId: string } }) => edge.node.tokenId)).toEqual([second.id]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });
});

describe('approving a request', () => {
  it('makes the secret work at once, everywhere, its lifetime counted from the approval', async () => {
    const { app, administrator, person, owner, introspect, verify, request } = await setUp();
    const pending = await request();
    const requestedExpiry = new Date(pending.token.expiresAt).getTime();
    // Every verifier has seen it refused and cached the refusal.
    expect(await introspect(pending.secret)).toEqual({ active: false });
    expect(await verify(pending.secret)).toBe(401);
    clock.advance(3 * DAY);
    const admin = { cookie: await app.signIn(administrator) };
    const approved = await app.data(approveMutation, { id: pending.id, message: 'Go ahead.' }, admin);
    const expiresAt = new Date(requestedExpiry + 3 * DAY).toISOString();
    expect(approved.approveToken).toEqual({
      __typename: 'ApproveTokenSuccess',
      request: {
        tokenId: pending.id,
        status: 'ACTIVE',
        approvedByEmail: administrator.email,
        expiresAt,
        requestedAt: null,
      },
    });
    expect(await introspect(pending.secret)).toMatchObject({
      active: true,
      exp: Math.floor(Date.parse(expiresAt) / 1000),
    });
    expect(await verify(pending.secret)).toBe(200);
    expect((await app.data(viewerQuery, {}, { token: pending.secret })).viewer.email).toBe(person.email);
    expect((await app.data(ownerView, { id: pending.id }, owner)).node).toEqual({
      status: 'ACTIVE',
      expiresAt,
      pendingApprovalSince: null,
      approvedAt: clock.now().toISOString(),
      approvedByEmail: administrator.email,
      revokedAt: null,
      revocationReason: null,
      revocationMessage: null,
    });
    expect((await app.data(queueQuery, {}, admin)).pendingApprovals.edges).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ node: expect.objectContaining({ tokenId: pending.id }) })]),
    );
  });

  it("is audited in the owner's log and the administrator's, and tells the owner by email", async () => {
    const { app, administrator, person, owner, admin, request } = await setUp();
    const pending = await request('audited');
    await app.data(approveMutation, { id: pending.id, message: 'Approved for the Q3 migration.' }, admin);
    const log = `{ viewer { auditEvents(action: [TOKEN_APPROVED, TOKEN_DENIED]) {
      edges { node { action actorType tokenName administratorEmail subjectEmail } }
    } } }`;
    const event = {
      action: 'TOKEN_APPROVED',
      actorType: 'SESSION',
      tokenName: 'audited',
      administratorEmail: administrator.email,
      subjectEmail: person.email,
    };
    expect((await app.data(log, {}, owner)).viewer.auditEvents.edges).toEqual([{ node: event }]);
    expect((await app.data(log, {}, admin)).viewer.auditEvents.edges).toEqual([{ node: event }]);

    await deliverMail();
    const mail = mailbox.messages.find((message) => message.recipients.includes(person.email));
    expect(mail?.parsed.subject).toBe('Your token “audited” was approved');
    expect(mail?.parsed.text).toContain('Approved for the Q3 migration.');
    expect(mail?.raw).not.toContain(pending.secret);
  });

  it('is refused for an administrator’s own request; another administrator may approve it', async () => {
    const { app, administrator, admin, person } = await setUp();
    const own = await app.generateToken(admin, { name: 'mine', permissions: ['reports:write'] });
    expect((await app.data(approveMutation, { id: own.id }, admin)).approveToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'Another administrator must approve your own request.',
    });
    expect(await db.personalAccessToken.findUnique({ where: { id: localId(own.id) } })).toMatchObject({
      pendingApprovalSince: expect.any(Date),
    });
    await setAdministrator(person.email, true, fromTheShell());
    const colleague = { cookie: await app.signIn(person) };
    expect((await app.data(approveMutation, { id: own.id }, colleague)).approveToken.request).toMatchObject({
      status: 'ACTIVE',
      approvedByEmail: person.email,
    });
    expect(administrator.email).not.toBe(person.email);
  });
});

describe('denying a request', () => {
  it('revokes it for good with the message, which its owner reads on the token and by email', async () => {
    const { app, person, owner, admin, introspect, request } = await setUp();
    const pending = await request('risky');
    const denied = await app.data(denyMutation, { id: pending.id, message: 'Use the read-only token.' }, admin);
    expect(denied.denyToken).toEqual({
      __typename: 'DenyTokenSuccess',
      request: { tokenId: pending.id, status: 'REVOKED', revocationMessage: 'Use the read-only token.' },
    });
    expect(await introspect(pending.secret)).toEqual({ active: false });
    expect((await app.request(viewerQuery, {}, { token: pending.secret })).status).toBe(401);
    expect((await app.data(ownerView, { id: pending.id }, owner)).node).toMatchObject({
      status: 'REVOKED',
      pendingApprovalSince: null,
      revocationReason: 'DENIED',
      revocationMessage: 'Use the read-only token.',
    });
    expect((await app.data(restoreMutation, { id: pending.id }, owner)).restoreToken.__typename).toBe(
      'InvalidTransitionError',
    );
    await deliverMail();
    const mail = mailbox.messages.find((message) => message.recipients.includes(person.email));
    expect(mail?.parsed.subject).toBe('Your token “risky” was denied');
    expect(mail?.parsed.text).toContain('Use the read-only token.');
    // Its owner may clear it away.
    expect((await app.data(deleteMutation, { id: pending.id }, owner)).deleteToken.__typename).toBe(
      'DeleteTokenSuccess',
    );
  });

  it('needs a message, and a refused one changes nothing', async () => {
    const { app, admin, request } = await setUp();
    const pending = await request();
    const before = await db.personalAccessToken.findUnique({ where: { id: localId(pending.id) } });
    for (const message of ['', '   ', 'x'.repeat(501), 'bad\u0007bell']) {
      const answer = (await app.data(denyMutation, { id: pending.id, message }, admin)).denyToken;
      expect(answer.__typename).toBe('ValidationError');
      expect(answer.fieldErrors[0].path).toEqual(['message']);
    }
    expect(await db.personalAccessToken.findUnique({ where: { id: localId(pending.id) } })).toEqual(before);
  });
});

describe('a decision', () => {
  it('is made once: a second one, or one racing it, gets a typed error and no second effect', async () => {
    const { app, admin, request } = await setUp();
    const pending = await request();
    expect((await app.data(approveMutation, { id: pending.id }, admin)).approveToken.__typename).toBe(
      'ApproveTokenSuccess',
    );
    const again = await app.data(approveMutation, { id: pending.id }, admin);
    const deny = await app.data(denyMutation, { id: pending.id, message: 'Too late.' }, admin);
    for (const answer of [again.approveToken, deny.denyToken]) {
      expect(answer).toEqual({
        __typename: 'InvalidTransitionError',
        message: 'This request no longer waits for approval: it was approved, denied or withdrawn.',
      });
    }
    const raced = await request();
    const outcomes = await Promise.all([
      app.data(approveMutation, { id: raced.id }, admin),
      app.data(denyMutation, { id: raced.id, message: 'No.' }, admin),
      app.data(approveMutation, { id: raced.id }, admin),
    ]);
    const kinds = outcomes.map((outcome) => (outcome.approveToken ?? outcome.denyToken).__typename).sort();
    expect(kinds.filter((kind) => kind !== 'InvalidTransitionError')).toHaveLength(1);
    const events = await db.auditEvent.count({
      where: { tokenId: localId(raced.id), action: { in: ['TOKEN_APPROVED', 'TOKEN_DENIED'] } },
    });
    // One event in the owner's log and one in the administrator's.
    expect(events).toBe(2);
  });

  it("asks a session for a recent password first, and a token that isn't a writer's is refused", async () => {
    const { app, administrator, admin, request } = await setUp();
    const pending = await request();
    const readToken = await app.generateToken(admin, { name: 'reader', permissions: ['admin:read'] });
    clock.advance(10 * MINUTE + 1);
    expect((await app.data(approveMutation, { id: pending.id }, admin)).approveToken.__typename).toBe(
      'ReauthenticationRequiredError',
    );
    const refused = await app.request(approveMutation, { id: pending.id }, { token: readToken.secret });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await db.personalAccessToken.findUnique({ where: { id: localId(pending.id) } })).toMatchObject({
      pendingApprovalSince: expect.any(Date),
    });
    const fresh = { cookie: await app.signIn(administrator) };
    expect((await app.data(approveMutation, { id: pending.id }, fresh)).approveToken.__typename).toBe(
      'ApproveTokenSuccess',
    );
  });
});

describe('the owner of a pending request', () => {
  it('cannot edit, rotate or restore it, may withdraw it by revoking it, then delete it; it never comes back', async () => {
    const { app, owner, admin, introspect, request } = await setUp();
    const pending = await request();
    const edit = await app.data(
      `mutation ($id: ID!) { updateToken(id: $id, input: { name: "renamed" }) { __typename ... on Error { message } } }`,
      { id: pending.id },
      owner,
    );
    expect(edit.updateToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: "A token waiting for an administrator's approval cannot be edited: revoke it to withdraw the request.",
    });
    const rotate = await app.data(
      'mutation ($id: ID!) { rotateToken(id: $id, overlap: NONE) { __typename } }',
      { id: pending.id },
      owner,
    );
    expect(rotate.rotateToken.__typename).toBe('InvalidTransitionError');
    expect((await app.data(restoreMutation, { id: pending.id }, owner)).restoreToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: "A token waiting for an administrator's approval cannot be restored: revoke it to withdraw the request.",
    });
    expect((await app.data(deleteMutation, { id: pending.id }, owner)).deleteToken.__typename).toBe(
      'InvalidTransitionError',
    );

    const withdrawn = (await app.data(revokeMutation, { id: pending.id }, owner)).revokeToken;
    expect(withdrawn).toEqual({
      __typename: 'RevokeTokenSuccess',
      token: { id: pending.id, status: 'REVOKED', revokedAt: clock.now().toISOString() },
    });
    expect((await app.data(ownerView, { id: pending.id }, owner)).node).toMatchObject({
      pendingApprovalSince: null,
      revocationReason: 'OWNER',
    });
    expect((await app.data(approveMutation, { id: pending.id }, admin)).approveToken.__typename).toBe(
      'InvalidTransitionError',
    );
    // Restoring would skip the approval it never had.
    expect((await app.data(restoreMutation, { id: pending.id }, owner)).restoreToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: "This token was never approved and reports:write needs an administrator's approval: generate a new one.",
    });
    expect(await introspect(pending.secret)).toEqual({ active: false });
    expect((await app.data(deleteMutation, { id: pending.id }, owner)).deleteToken.__typename).toBe(
      'DeleteTokenSuccess',
    );
  });

  it('may revoke and restore it once approved, like any token', async () => {
    const { app, owner, admin, introspect, request } = await setUp();
    const pending = await request();
    await app.data(approveMutation, { id: pending.id }, admin);
    await app.data(revokeMutation, { id: pending.id }, owner);
    expect((await app.data(restoreMutation, { id: pending.id }, owner)).restoreToken.token.status).toBe('ACTIVE');
    expect((await introspect(pending.secret)).active).toBe(true);
  });
});

async function deliverMail() {
  await new NotificationWorker({
    clock,
    publicUrl: PUBLIC_URL,
    mail: { smtpUrl: mailbox.url, from: 'Latchkey <latchkey@example.com>' },
    allowHttpWebhooks: false,
  }).deliverDue();
}
