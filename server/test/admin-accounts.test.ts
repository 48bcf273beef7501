import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { db } from '../src/db.js';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { createServiceKey } from '../src/services/service-keys.js';
import { fromTheShell } from './support/admin-matrix.js';
import { type Credentials, createTestApp, localId, MINUTE, revokeMutation, TestClock } from './support/app.js';
import { recordQueries } from './support/query-recorder.js';
import { basic, FORM, serviceEndpointsAt } from './support/service-http.js';

const clock = new TestClock();
const { send } = serviceEndpointsAt(clock);
const app = createTestApp({ clock });

const accountsQuery = `query ($search: String, $first: Int, $after: String) {
  adminAccounts(search: $search, first: $first, after: $after) {
    edges { node {
      email createdAt lastSignInAt isAdministrator lockedAt lockedReason activeTokenCount tokenCount
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const lockMutation = `mutation ($input: LockAccountInput!) {
  lockAccount(input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on LockAccountSuccess { changed account { email isAdministrator lockedAt lockedReason activeTokenCount } }
  }
}`;

const unlockMutation = `mutation ($input: UnlockAccountInput!) {
  unlockAccount(input: $input) {
    __typename
    ... on Error { message }
    ... on UnlockAccountSuccess { changed account { email lockedAt lockedReason } }
  }
}`;

const revokeAdministratorMutation = `mutation ($email: String!) {
  revokeAdministrator(input: { email: $email }) { __typename ... on Error { message } }
}`;

const signInMutation = `mutation ($input: SignInInput!) {
  signIn(input: $input) { __typename ... on Error { message } ... on AccountLockedError { reason } }
}`;

/** An administrator acting by session, and the signed-up person they act on; nobody else is an administrator. */
async function setUp() {
  await db.user.updateMany({ data: { isAdministrator: false } });
  const administrator = await app.signUp();
  await setAdministrator(administrator.email, true, fromTheShell());
  const person = await app.signUp();
  return { administrator, admin: { cookie: administrator.cookie } as Credentials, person };
}

const lock = (credentials: Credentials, email: string, reason = 'Left the company.') =>
  app.request(lockMutation, { input: { email, reason } }, credentials);

describe('the accounts list', () => {
  it('shows each account with its role, lock, last sign-in and active and total token counts', async () => {
    const { administrator, admin } = await setUp();
    const prefix = `list-${randomUUID().slice(0, 8)}`;
    const busy = await app.signUp(`${prefix}-busy@example.com`);
    const idle = await app.signUp(`${prefix}-idle@example.com`);
    const busySession = { cookie: busy.cookie };
    await app.generateToken(busySession, { name: 'one' });
    await app.generateToken(busySession, { name: 'two' });
    const revoked = await app.generateToken(busySession, { name: 'three' });
    await app.data(revokeMutation, { id: revoked.id }, busySession);
    clock.advance(MINUTE);
    await app.signIn(busy);
    await app.data(lockMutation, { input: { email: idle.email, reason: 'On leave.' } }, admin);

    const listed = await app.data(accountsQuery, { search: prefix.toUpperCase() }, admin);
    expect(listed.adminAccounts).toEqual({
      edges: [
        {
          node: {
            email: busy.email,
            createdAt: expect.any(String),
            lastSignInAt: clock.now().toISOString(),
            isAdministrator: false,
            lockedAt: null,
            lockedReason: null,
            activeTokenCount: 2,
            tokenCount: 3,
          },
        },
        {
          node: {
            email: idle.email,
            createdAt: expect.any(String),
            lastSignInAt: expect.any(String),
            isAdministrator: false,
            lockedAt: clock.now().toISOString(),
            lockedReason: 'On leave.',
            activeTokenCount: 0,
            tokenCount: 0,
          },
        },
      ],
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
    const administrators = await app.data(accountsQuery, { search: administrator.email }, admin);
    expect(administrators.adminAccounts.edges.map(({ node }: { node: { isAdministrator: boolean } }) => node)).toEqual([
      expect.objectContaining({ email: administrator.email, isAdministrator: true }),
    ]);
  });

  it('pages by email with `first` and `after`, counting every page’s tokens in one grouped query', async () => {
    const { admin } = await setUp();
    const prefix = `page-${randomUUID().slice(0, 8)}`;
    const people = [];
    for (const letter of ['c', 'a', 'e', 'b', 'd']) people.push(await app.signUp(`${prefix}-${letter}@example.com`));
    for (const person of people) await app.generateToken({ cookie: person.cookie });
    const emails: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      let page:
        | {
            edges: { node: { email: string; tokenCount: number } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          }
        | undefined;
      const queries = await recordQueries(async () => {
        page = (await app.data(accountsQuery, { search: prefix, first: 2, after }, admin)).adminAccounts;
      });
      if (!page) throw new Error('no page');
      expect(queries.filter((sql) => sql.includes('"PersonalAccessToken"'))).toHaveLength(1);
      expect(page.edges.map(({ node }) => node.tokenCount)).toEqual(page.edges.map(() => 1));
      emails.push(...page.edges.map(({ node }) => node.email));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(emails).toEqual(['a', 'b', 'c', 'd', 'e'].map((letter) => `${prefix}-${letter}@example.com`));
  });

  it('searches for the text as typed: `_` and `%` are not wildcards', async () => {
    const { admin } = await setUp();
    const prefix = `wild-${randomUUID().slice(0, 8)}`;
    const exact = await app.signUp(`${prefix}-a_b@example.com`);
    await app.signUp(`${prefix}-axb@example.com`);
    const emails = async (search: string) =>
      (await app.data(accountsQuery, { search }, admin)).adminAccounts.edges.map(
        ({ node }: { node: { email: string } }) => node.email,
      );
    expect(await emails(`${prefix}-a_b`)).toEqual([exact.email]);
    expect(await emails(`${prefix}-a%b`)).toEqual([]);
  });

  it('refuses a page larger than 100 and a cursor it did not make', async () => {
    const { admin } = await setUp();
    const tooMany = await app.request(accountsQuery, { first: 101 }, admin);
    expect(tooMany.body.errors[0].message).toBe('`first` must be between 0 and 100.');
    const forged = await app.request(accountsQuery, { after: 'not a cursor!' }, admin);
    expect(forged.body.errors[0].message).toBe('Invalid cursor.');
  });
});

describe('signing in', () => {
  it('records when the person last signed in with their password', async () => {
    const person = await app.signUp();
    clock.advance(MINUTE);
    await app.signIn(person);
    const row = await db.user.findUniqueOrThrow({ where: { email: person.email }, select: { lastSignInAt: true } });
    expect(row.lastSignInAt).toEqual(clock.now());
  });
});

describe('locking an account', () => {
  it('ends its sessions and refuses its tokens at once: on the API, at introspection and at forward-auth', async () => {
    const { admin, person } = await setUp();
    const personSession = { cookie: person.cookie };
    const token = await app.generateToken(personSession, { permissions: ['reports:read', 'profile:read'] });
    const serviceKey = (await createServiceKey(operatorCatalogue(), 'reports', clock.now())).secret;
    const introspect = async () =>
      JSON.parse(
        (
          await send(
            'POST',
            '/oauth/introspect',
            [['Authorization', basic('reports', serviceKey)], FORM],
            new URLSearchParams({ token: token.secret }).toString(),
          )
        ).body,
      ).active;
    const verify = async () =>
      (
        await send('GET', '/verify?service=reports&permission=reports:read', [
          ['X-Latchkey-Service-Key', serviceKey],
          ['Authorization', `Bearer ${token.secret}`],
        ])
      ).status;
    const api = async () => (await app.request('{ viewer { email } }', {}, { token: token.secret })).status;
    // Each path has verified (and cached) the token before the lock.
    expect(await api()).toBe(200);
    expect(await introspect()).toBe(true);
    expect(await verify()).toBe(200);

    const locked = await lock(admin, person.email.toUpperCase(), '  Suspicious activity; call IT.  ');
    expect(locked.body.data.lockAccount).toEqual({
      __typename: 'LockAccountSuccess',
      changed: true,
      account: {
        email: person.email,
        isAdministrator: false,
        lockedAt: clock.now().toISOString(),
        lockedReason: 'Suspicious activity; call IT.',
        activeTokenCount: 1,
      },
    });
    expect(await db.session.count({ where: { userId: localId(person.userId) } })).toBe(0);
    expect(await app.data('{ viewer { email } }', {}, personSession)).toEqual({ viewer: null });
    expect(await api()).toBe(401);
    expect(await introspect()).toBe(false);
    expect(await verify()).toBe(401);
    // Not revoked: the token is as it was, only its owner is locked.
    expect(
      await db.personalAccessToken.findMany({ where: { userId: localId(person.userId) }, select: { revokedAt: true } }),
    ).toEqual([{ revokedAt: null }]);
  });

  it('refuses sign-in with the reason once the password is right, and a wrong password as always', async () => {
    const { admin, person } = await setUp();
    await lock(admin, person.email, 'Suspicious activity; call IT.');
    const right = await app.request(signInMutation, { input: { email: person.email, password: person.password } });
    expect(right.body.data.signIn).toEqual({
      __typename: 'AccountLockedError',
      message: 'An administrator locked this account: Suspicious activity; call IT.',
      reason: 'Suspicious activity; call IT.',
    });
    expect(right.headers.get('set-cookie')).toBeNull();
    const wrong = await app.request(signInMutation, { input: { email: person.email, password: 'not the password' } });
    expect(wrong.body.data.signIn).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'The email or password is incorrect.',
    });
    // Signing up with the same email and password is signing in: refused the same way.
    const signUp = await app.request('mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }', {
      input: { email: person.email, password: person.password },
    });
    expect(signUp.body.data.signUp.__typename).toBe('AccountLockedError');
    expect(await db.session.count({ where: { userId: localId(person.userId) } })).toBe(0);
  });

  it('is undone by unlocking: sign-in and the same tokens work again', async () => {
    const { admin, person } = await setUp();
    const token = await app.generateToken({ cookie: person.cookie });
    await lock(admin, person.email);
    expect((await app.request('{ viewer { email } }', {}, { token: token.secret })).status).toBe(401);
    const unlocked = await app.request(unlockMutation, { input: { email: person.email } }, admin);
    expect(unlocked.body.data.unlockAccount).toEqual({
      __typename: 'UnlockAccountSuccess',
      changed: true,
      account: { email: person.email, lockedAt: null, lockedReason: null },
    });
    expect(await app.data('{ viewer { email } }', {}, { token: token.secret })).toEqual({
      viewer: { email: person.email },
    });
    await app.signIn(person);
    const again = await app.request(unlockMutation, { input: { email: person.email } }, admin);
    expect(again.body.data.unlockAccount.changed).toBe(false);
  });

  it("is audited in the person's log and the administrator's, with the reason", async () => {
    const { administrator, admin, person } = await setUp();
    await lock(admin, person.email, 'On leave.');
    await app.request(unlockMutation, { input: { email: person.email } }, admin);
    const auditLog = `{ viewer { auditEvents(action: [ACCOUNT_LOCKED, ACCOUNT_UNLOCKED]) {
      edges { node { action administratorEmail subjectEmail message } }
    } } }`;
    const expected = [
      {
        action: 'ACCOUNT_UNLOCKED',
        administratorEmail: administrator.email,
        subjectEmail: person.email,
        message: null,
      },
      {
        action: 'ACCOUNT_LOCKED',
        administratorEmail: administrator.email,
        subjectEmail: person.email,
        message: 'On leave.',
      },
    ];
    const logOf = async (credentials: Credentials) =>
      (await app.data(auditLog, {}, credentials)).viewer.auditEvents.edges.map((edge: { node: unknown }) => edge.node);
    expect(await logOf(admin)).toEqual(expected);
    await app.signIn(person);
    expect(await logOf({ cookie: await app.signIn(person) })).toEqual(expected);
  });

  it('says nothing changed when the account is already locked, keeping the first reason', async () => {
    const { admin, person } = await setUp();
    await lock(admin, person.email, 'First.');
    const again = await lock(admin, person.email, 'Second.');
    expect(again.body.data.lockAccount).toMatchObject({ changed: false, account: { lockedReason: 'First.' } });
    expect(await db.auditEvent.count({ where: { userId: localId(person.userId), action: 'ACCOUNT_LOCKED' } })).toBe(1);
  });

  it('refuses an empty or overlong reason, an unknown email and a stale session, changing nothing', async () => {
    const { admin, person } = await setUp();
    expect((await lock(admin, person.email, '   ')).body.data.lockAccount).toEqual({
      __typename: 'ValidationError',
      message: 'Say why: the person sees it when they sign in.',
      fieldErrors: [{ path: ['input', 'reason'], message: 'Say why: the person sees it when they sign in.' }],
    });
    expect((await lock(admin, person.email, 'x'.repeat(501))).body.data.lockAccount.__typename).toBe('ValidationError');
    expect((await lock(admin, 'nobody@example.com')).body.data.lockAccount).toEqual({
      __typename: 'NotFoundError',
      message: 'No account with that email exists.',
    });
    const staleClock = new TestClock(clock.now());
    const staleApp = createTestApp({ clock: staleClock });
    staleClock.advance(10 * MINUTE + 1);
    expect(
      (await staleApp.request(lockMutation, { input: { email: person.email, reason: 'x' } }, admin)).body.data,
    ).toEqual({
      lockAccount: {
        __typename: 'ReauthenticationRequiredError',
        message: 'Confirm your password to continue: this action needs a recent sign-in.',
      },
    });
    expect(
      await db.user.findUniqueOrThrow({ where: { id: localId(person.userId) }, select: { lockedAt: true } }),
    ).toEqual({
      lockedAt: null,
    });
  });
});

describe('administrators', () => {
  it('cannot lock themselves', async () => {
    const { administrator, admin } = await setUp();
    expect((await lock(admin, administrator.email)).body.data.lockAccount).toEqual({
      __typename: 'ValidationError',
      message: 'You cannot lock your own account.',
      fieldErrors: [{ path: ['input', 'email'], message: 'You cannot lock your own account.' }],
    });
  });

  it('may lock another administrator, who keeps the role but can use nothing until unlocked', async () => {
    const { admin } = await setUp();
    const colleague = await app.signUp();
    await setAdministrator(colleague.email, true, fromTheShell());
    const adminToken = await app.generateToken({ cookie: colleague.cookie }, { permissions: ['admin:read'] });
    const read = () => app.request('{ administrators { email } }', {}, { token: adminToken.secret });
    expect((await read()).status).toBe(200);
    const locked = await lock(admin, colleague.email);
    expect(locked.body.data.lockAccount.account).toMatchObject({ isAdministrator: true });
    expect((await read()).status).toBe(401);
    await app.request(unlockMutation, { input: { email: colleague.email } }, admin);
    expect((await read()).body.errors).toBeUndefined();
  });

  it('cannot revoke their own role while no other administrator can sign in', async () => {
    const { administrator, admin } = await setUp();
    const colleague = await app.signUp();
    await setAdministrator(colleague.email, true, fromTheShell());
    await lock(admin, colleague.email);
    const refused = await app.request(revokeAdministratorMutation, { email: administrator.email }, admin);
    expect(refused.body.data.revokeAdministrator).toEqual({
      __typename: 'LastAdministratorError',
      message: 'This is the last administrator who can sign in: make someone else an administrator first.',
    });
    expect(await db.user.count({ where: { isAdministrator: true, lockedAt: null } })).toBe(1);
    await app.request(unlockMutation, { input: { email: colleague.email } }, admin);
    const allowed = await app.request(revokeAdministratorMutation, { email: administrator.email }, admin);
    expect(allowed.body.data.revokeAdministrator.__typename).toBe('RevokeAdministratorSuccess');
  });

  it.each([
    ['lock each other', (credentials: Credentials, email: string) => lock(credentials, email)],
    [
      'revoke each other’s role',
      (credentials: Credentials, email: string) => app.request(revokeAdministratorMutation, { email }, credentials),
    ],
  ])('who %s at the same moment leave one of them able to administer', async (_name, remove) => {
    const { administrator, admin } = await setUp();
    const colleague = await app.signUp();
    await setAdministrator(colleague.email, true, fromTheShell());
    const outcomes = await Promise.all([
      remove(admin, colleague.email),
      remove({ cookie: colleague.cookie }, administrator.email),
    ]);
    // The loser is refused by the guard, or, when the winner's lock ended its session first, as a stranger.
    const answers = outcomes.map(
      (outcome) =>
        (Object.values(outcome.body.data ?? {}) as { __typename: string }[])[0]?.__typename ??
        outcome.body.errors?.[0]?.extensions?.code,
    );
    expect(answers.filter((answer) => /^(LockAccount|RevokeAdministrator)Success$/.test(answer))).toHaveLength(1);
    expect(answers.filter((answer) => /^(LastAdministratorError|FORBIDDEN)$/.test(answer))).toHaveLength(1);
    expect(await db.user.count({ where: { isAdministrator: true, lockedAt: null } })).toBe(1);
  });
});
