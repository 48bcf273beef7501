import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { NO_POLICIES, type Policies } from '../src/policies/policies.js';
import {
  type Credentials,
  createTestApp,
  DAY,
  localId,
  restoreMutation,
  revokeMutation,
  TestClock,
} from './support/app.js';

const generateMutation = `mutation ($input: GenerateTokenInput!) {
  generateToken(input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on GenerateTokenSuccess { token { id expiresAt } }
  }
}`;

const updateMutation = `mutation ($id: ID!, $input: UpdateTokenInput!) {
  updateToken(id: $id, input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on UpdateTokenSuccess { token { name expiresAt allowedAddresses permissions { name } } }
  }
}`;

const rotateMutation = `mutation ($id: ID!) {
  rotateToken(id: $id, overlap: NONE) { __typename ... on RotateTokenSuccess { token { expiresAt } } }
}`;

const policiesQuery = `{
  policies { maxTokenLifetimeDays revokeUnusedAfterDays inactivityWarningDays approvalRequired writeRequiresAllowlist }
}`;

const NINETY_DAYS: Policies = { ...NO_POLICIES, maxTokenLifetimeDays: 90 };
const WRITE_NEEDS_ALLOWLIST: Policies = { ...NO_POLICIES, writeRequiresAllowlist: true };
const READ_ONLY = ['profile:read', 'tokens:read'];

/** One person, and two apps over the same database and clock: one without policies, one with `policies`. */
async function setUp(policies: Policies) {
  const clock = new TestClock();
  const before = createTestApp({ clock, policies: NO_POLICIES });
  const app = createTestApp({ clock, policies });
  const person = await app.signUp();
  const session: Credentials = { cookie: person.cookie };
  const generate = async (input: Record<string, unknown>) =>
    (await app.data(generateMutation, { input: { name: 'ci', permissions: READ_ONLY, ...input } }, session))
      .generateToken;
  const tokenCount = () => db.personalAccessToken.count({ where: { userId: localId(person.userId) } });
  return { clock, before, app, person, session, generate, tokenCount };
}

const refusal = (field: string, message: string) => ({
  __typename: 'ValidationError',
  message,
  fieldErrors: [{ path: ['input', field], message }],
});

describe('the maximum token lifetime', () => {
  it('refuses a preset longer than the limit, naming the limit, and creates nothing', async () => {
    const { generate, tokenCount } = await setUp(NINETY_DAYS);
    expect(await generate({ expiration: 'YEAR_1' })).toEqual(refusal('expiration', 'Tokens may live at most 90 days.'));
    expect(await tokenCount()).toBe(0);
  });

  it('allows the presets at and under the limit', async () => {
    const { clock, generate } = await setUp(NINETY_DAYS);
    for (const [expiration, days] of [
      ['DAYS_7', 7],
      ['DAYS_30', 30],
      ['DAYS_60', 60],
      ['DAYS_90', 90],
    ] as const) {
      const outcome = await generate({ name: expiration, expiration });
      expect(outcome.__typename).toBe('GenerateTokenSuccess');
      expect(outcome.token.expiresAt).toBe(new Date(clock.now().getTime() + days * DAY).toISOString());
    }
  });

  it('allows a custom expiry at the limit and refuses one a moment later', async () => {
    const { clock, generate, tokenCount } = await setUp(NINETY_DAYS);
    const latest = new Date(clock.now().getTime() + 90 * DAY);
    expect(await generate({ name: 'late', expiresAt: new Date(latest.getTime() + 1).toISOString() })).toEqual(
      refusal('expiresAt', 'Tokens may live at most 90 days.'),
    );
    expect(await tokenCount()).toBe(0);
    expect((await generate({ name: 'on time', expiresAt: latest.toISOString() })).token.expiresAt).toBe(
      latest.toISOString(),
    );
  });

  it('offers every preset when no limit is set', async () => {
    const { generate } = await setUp(NO_POLICIES);
    expect((await generate({ expiration: 'YEAR_1' })).__typename).toBe('GenerateTokenSuccess');
  });

  it('keeps the expiry of a token that already lives longer, until an edit chooses one, which must be within it', async () => {
    const { clock, before, app, session } = await setUp(NINETY_DAYS);
    const { id, token } = await before.generateToken(session, {
      name: 'old',
      expiration: 'YEAR_1',
      permissions: READ_ONLY,
    });
    clock.advance(DAY);

    const renamed = await app.data(updateMutation, { id, input: { name: 'older' } }, session);
    expect(renamed.updateToken.token).toMatchObject({ name: 'older', expiresAt: token.expiresAt });

    const shortened = new Date(clock.now().getTime() + 200 * DAY).toISOString();
    expect((await app.data(updateMutation, { id, input: { expiresAt: shortened } }, session)).updateToken).toEqual(
      refusal('expiresAt', 'Tokens may live at most 90 days.'),
    );
    const edited = await app.data(updateMutation, { id, input: { expiration: 'DAYS_90' } }, session);
    expect(edited.updateToken.token.expiresAt).toBe(new Date(clock.now().getTime() + 90 * DAY).toISOString());
  });

  it('restores a revoked token with its own expiry, even one longer than the limit', async () => {
    const { before, app, session } = await setUp(NINETY_DAYS);
    const { id, token } = await before.generateToken(session, { expiration: 'YEAR_1', permissions: READ_ONLY });
    await app.data(revokeMutation, { id }, session);
    const restored = await app.data(restoreMutation, { id }, session);
    expect(restored.restoreToken).toMatchObject({ __typename: 'RestoreTokenSuccess' });
    expect(
      (await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(id) } })).expiresAt.toISOString(),
    ).toBe(token.expiresAt);
  });

  it('gives a rotated secret at most the maximum lifetime from now', async () => {
    const { clock, before, app, person, session } = await setUp(NINETY_DAYS);
    const { id } = await before.generateToken(session, { expiration: 'YEAR_1', permissions: READ_ONLY });
    clock.advance(10 * DAY);
    const cookie = await app.signIn(person);
    const rotated = await app.data(rotateMutation, { id }, { cookie });
    expect(rotated.rotateToken.token.expiresAt).toBe(new Date(clock.now().getTime() + 90 * DAY).toISOString());
  });
});

describe('the allowlist rule for tokens that can write', () => {
  const write = ['reports:write'];

  it('refuses a token that can write without an address allowlist, and creates nothing', async () => {
    const { generate, tokenCount } = await setUp(WRITE_NEEDS_ALLOWLIST);
    expect(await generate({ expiration: 'DAYS_30', permissions: ['reports:read', ...write] })).toEqual(
      refusal(
        'allowedAddresses',
        'A token that can write (reports:write) must have an address allowlist on this server.',
      ),
    );
    expect(await tokenCount()).toBe(0);
  });

  it('allows it with an allowlist, and a read-only token without one', async () => {
    const { generate } = await setUp(WRITE_NEEDS_ALLOWLIST);
    const held = await generate({ expiration: 'DAYS_30', permissions: write, allowedAddresses: ['203.0.113.0/24'] });
    expect(held.__typename).toBe('GenerateTokenSuccess');
    expect((await generate({ name: 'read', expiration: 'DAYS_30', permissions: ['reports:read'] })).__typename).toBe(
      'GenerateTokenSuccess',
    );
  });

  it('refuses an edit that removes the allowlist of a token that can write, and allows one that removes writing', async () => {
    const { app, session, generate } = await setUp(WRITE_NEEDS_ALLOWLIST);
    const { token } = await generate({
      expiration: 'DAYS_30',
      permissions: ['reports:read', ...write],
      allowedAddresses: ['203.0.113.7'],
    });
    const id = token.id;
    expect((await app.data(updateMutation, { id, input: { allowedAddresses: [] } }, session)).updateToken).toEqual(
      refusal(
        'allowedAddresses',
        'A token that can write (reports:write) must have an address allowlist on this server.',
      ),
    );
    const readOnly = await app.data(
      updateMutation,
      { id, input: { permissions: ['reports:read'], allowedAddresses: [] } },
      session,
    );
    expect(readOnly.updateToken.token).toMatchObject({
      allowedAddresses: [],
      permissions: [{ name: 'reports:read' }],
    });
  });

  it('does not restore a token that can write and has no allowlist', async () => {
    const { before, app, session } = await setUp(WRITE_NEEDS_ALLOWLIST);
    const { id } = await before.generateToken(session, { permissions: write });
    await app.data(revokeMutation, { id }, session);
    const outcome = await app.data(restoreMutation, { id }, session);
    expect(outcome.restoreToken).toMatchObject({
      __typename: 'InvalidTransitionError',
      message:
        'A token that can write (reports:write) must have an address allowlist on this server. Give it one (edit the ' +
        'token), then restore it.',
    });
    expect((await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(id) } })).revokedAt).not.toBeNull();
  });
});

describe('the policies query', () => {
  it('shows every signed-in person the policies in force', async () => {
    const { app, session } = await setUp({
      maxTokenLifetimeDays: 90,
      revokeUnusedAfterDays: 365,
      approvalRequired: new Set(['reports:write', 'billing:read']),
      writeRequiresAllowlist: true,
    });
    expect(await app.data(policiesQuery, {}, session)).toEqual({
      policies: {
        maxTokenLifetimeDays: 90,
        revokeUnusedAfterDays: 365,
        inactivityWarningDays: 7,
        approvalRequired: ['billing:read', 'reports:write'],
        writeRequiresAllowlist: true,
      },
    });
  });

  it('shows them off when none is set, and refuses anonymous callers', async () => {
    const { app, session } = await setUp(NO_POLICIES);
    expect((await app.data(policiesQuery, {}, session)).policies).toEqual({
      maxTokenLifetimeDays: null,
      revokeUnusedAfterDays: null,
      inactivityWarningDays: 7,
      approvalRequired: [],
      writeRequiresAllowlist: false,
    });
    const anonymous = await app.request(policiesQuery);
    expect(anonymous.body.data).toBeNull();
  });
});
