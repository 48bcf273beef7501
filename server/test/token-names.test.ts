import { tokenNameProblem } from '@latchkey/rules';
import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, localId } from './support/app.js';

const generate = `mutation ($input: GenerateTokenInput!) {
  generateToken(input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on GenerateTokenSuccess { token { name } }
  }
}`;

const bidi = 'Names cannot contain bidirectional control characters: they change the order text is shown in.';
const blank = 'Names need at least one visible character.';
const invisible =
  'Names cannot contain invisible characters such as zero-width spaces: they make different names look the same.';

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const attempt = async (name: string) =>
    (await app.data(generate, { input: { name, expiration: 'DAYS_30', permissions: ['tokens:read'] } }, session))
      .generateToken;
  const storedKeys = async () =>
    (
      await db.personalAccessToken.findMany({
        where: { userId: localId(person.userId) },
        select: { nameKey: true },
        orderBy: { createdAt: 'asc' },
      })
    ).map((row) => row.nameKey);
  return { app, session, attempt, storedKeys };
}

describe('token names', () => {
  it.each([
    ['a right-to-left override', 'invoice\u202Efdp.exe', bidi],
    ['a left-to-right embedding', 'a\u202Ab', bidi],
    ['a first-strong isolate', 'a\u2068b\u2069', bidi],
    ['only a zero-width space', '\u200B', blank],
    ['only zero-width characters and spaces', '\u200B \u2060\u200C', blank],
    ['a zero-width space inside', 'de\u200Bploy', invisible],
    ['a zero-width joiner between letters', 'de\u200Dploy', invisible],
    ['a zero-width non-joiner between Latin letters', 'de\u200Cploy', invisible],
    ['a word joiner', 'de\u2060ploy', invisible],
    ['a byte order mark inside', 'de\uFEFFploy', invisible],
    ['a soft hyphen', 'de\u00ADploy', invisible],
  ])('refuses a name with %s, saying why, and creates nothing', async (_case, name, message) => {
    const { attempt, storedKeys } = await setUp();
    expect(await attempt(name)).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'name'], message }],
    });
    expect(await storedKeys()).toEqual([]);
  });

  it('accepts Arabic, Persian, CJK, emoji and emoji joined into one', async () => {
    const { attempt } = await setUp();
    const names = ['نشر الإنتاج', 'می\u200Cخواهم', '部署トークン', 'ci 🚀', '👩‍💻 laptop', '👩🏽‍💻', '🏳️‍🌈', '❤️‍🔥'];
    for (const name of names) {
      expect(await attempt(name)).toEqual({ __typename: 'GenerateTokenSuccess', token: { name } });
    }
  });

  it('treats names that are equal after NFKC as the same name', async () => {
    const { attempt } = await setUp();
    await attempt('deploy');
    await attempt('files');
    expect(await attempt('ｄｅｐｌｏｙ')).toEqual({
      __typename: 'NameTakenError',
      // The existing token's name, not what was typed.
      message: 'You already have a token named "deploy".',
    });
    expect((await attempt('Ｆｉles')).__typename).toBe('NameTakenError');
    expect((await attempt('ﬁles')).__typename).toBe('NameTakenError');
  });

  it('keys names that NFKC leaves alone exactly as before, lower-cased', async () => {
    const { attempt, storedKeys } = await setUp();
    await attempt('  Deploy Bot ');
    await attempt('Ärger');
    await attempt('ｃｉ');
    expect(await storedKeys()).toEqual(['deploy bot', 'ärger', 'ci']);
  });

  it('finds a name when the search is typed in compatibility forms', async () => {
    const { app, session, attempt } = await setUp();
    await attempt('deploy');
    const result = await app.data('{ viewer { tokens(search: "ＤＥＰ") { edges { node { name } } } } }', {}, session);
    expect(result.viewer.tokens.edges).toEqual([{ node: { name: 'deploy' } }]);
  });
});

describe('tokenNameProblem', () => {
  it('allows a zero-width joiner only between emoji, and variation selectors only after emoji or ideographs', () => {
    expect(tokenNameProblem('👨‍👩‍👧')).toBeNull();
    expect(tokenNameProblem('1\uFE0F\u20E3 first')).toBeNull();
    expect(tokenNameProblem('🚀\u200Dx')).toBe(invisible);
    expect(tokenNameProblem('a\uFE0F')).toBe(invisible);
  });

  it('allows the tags of a subdivision flag, and refuses tags anywhere else', () => {
    const tags = '\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    expect(tokenNameProblem(`🏴${tags}`)).toBeNull();
    expect(tokenNameProblem(`deploy${tags}`)).toBe(invisible);
  });

  it('refuses the invisible bidirectional marks too', () => {
    expect(tokenNameProblem('deploy\u200E')).toBe(bidi);
    expect(tokenNameProblem('deploy\u200F')).toBe(bidi);
  });

  it('judges the name as the API stores it: trimmed', () => {
    expect(tokenNameProblem('  deploy \t')).toBeNull();
    expect(tokenNameProblem(' \u2800 ')).toBe(blank);
  });
});
