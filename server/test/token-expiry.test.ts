import { describe, expect, it } from 'vitest';
import { type Credentials, createTestApp } from './support/app.js';

const generateMutation = `mutation ($input: GenerateTokenInput!) {
  generateToken(input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on ExpiryTooLateError { latestExpiresAt }
    ... on GenerateTokenSuccess { token { name description expiresAt } }
  }
}`;

async function setUp() {
  const app = createTestApp();
  const session: Credentials = { cookie: (await app.signUp()).cookie };
  const generate = async (input: Record<string, unknown>, as: Credentials = session) =>
    (await app.data(generateMutation, { input: { name: 'ci', permissions: ['profile:read'], ...input } }, as))
      .generateToken;
  return { app, session, generate };
}

describe('token expiry', () => {
  it.each([
    ['DAYS_7', '2026-01-22T12:00:00.000Z'],
    ['DAYS_30', '2026-02-14T12:00:00.000Z'],
    ['YEAR_1', '2027-01-15T12:00:00.000Z'],
  ])('expires a token given the %s preset at %s', async (expiration, expiresAt) => {
    const { generate } = await setUp();
    expect((await generate({ expiration })).token.expiresAt).toBe(expiresAt);
  });

  it('takes a custom date from a day to a year away', async () => {
    const { generate } = await setUp();
    expect(await generate({ expiresAt: '2026-01-16T12:00:00.000Z', description: ' nightly backup ' })).toEqual({
      __typename: 'GenerateTokenSuccess',
      token: { name: 'ci', description: 'nightly backup', expiresAt: '2026-01-16T12:00:00.000Z' },
    });
  });

  it.each([
    [
      'less than a day away',
      { expiresAt: '2026-01-16T11:59:59.999Z' },
      'Choose an expiry at least a day away (2026-01-16T12:00:00.000Z or later).',
    ],
    [
      'more than a year away',
      { expiresAt: '2027-01-15T12:00:00.001Z' },
      'Choose an expiry at most 365 days away (2027-01-15T12:00:00.000Z or earlier).',
    ],
    [
      'both a preset and a date',
      { expiration: 'DAYS_7', expiresAt: '2026-02-01T00:00:00.000Z' },
      'Choose either a preset `expiration` or a custom `expiresAt`, not both.',
    ],
  ])('refuses an expiry %s', async (_case, input, message) => {
    const { generate } = await setUp();
    expect(await generate(input)).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'expiresAt'], message }],
    });
  });

  it('refuses a token without an expiry', async () => {
    const { generate } = await setUp();
    expect((await generate({})).fieldErrors).toEqual([
      { path: ['input', 'expiration'], message: 'Choose how long the token lives.' },
    ]);
  });

  it('refuses a child that would outlive its parent, saying the latest allowed expiry; that expiry is accepted', async () => {
    const { app, session, generate } = await setUp();
    const parent = await app.generateToken(session, {
      name: 'parent',
      expiration: 'DAYS_30',
      permissions: ['tokens:write', 'profile:read'],
    });
    const asParent = { token: parent.secret };
    app.clock.advance(60_000);
    expect(await generate({ expiration: 'DAYS_30' }, asParent)).toEqual({
      __typename: 'ExpiryTooLateError',
      message: 'A token cannot create a token that outlives it: choose 2026-02-14T12:00:00.000Z or earlier.',
      latestExpiresAt: '2026-02-14T12:00:00.000Z',
    });
    const child = await generate({ expiresAt: '2026-02-14T12:00:00.000Z' }, asParent);
    expect(child.token.expiresAt).toBe('2026-02-14T12:00:00.000Z');
  });

  it('refuses a description longer than 500 characters or with control characters', async () => {
    const { generate } = await setUp();
    expect((await generate({ expiration: 'DAYS_7', description: 'é'.repeat(500) })).__typename).toBe(
      'GenerateTokenSuccess',
    );
    expect((await generate({ name: 'b', expiration: 'DAYS_7', description: 'a\nb' })).fieldErrors).toEqual([
      { path: ['input', 'description'], message: 'Descriptions cannot contain line breaks or control characters.' },
    ]);
  });
});
