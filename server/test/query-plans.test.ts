import { describe, expect, it } from 'vitest';
import { activityRecorder } from '../src/activity/recorder.js';
import { lastUseRecorder } from '../src/tokens/last-use.js';
import { createTestApp, revokeMutation } from './support/app.js';
import { testEngine } from './support/database.js';
import { recordQueries } from './support/query-recorder.js';

async function withTokens(count: number) {
  const app = createTestApp();
  const person = await app.signUp();
  let secret = '';
  for (let index = 0; index < count; index++) {
    secret = (await app.generateToken({ cookie: person.cookie }, { name: `token ${index}` })).secret;
  }
  await app.data('{ viewer { id } }', {}, { token: secret });
  return { app, secret, cookie: person.cookie };
}

describe('database work per request', () => {
  it('answers viewer { id } for a recently verified token without any query', async () => {
    const { app, secret } = await withTokens(1);
    const queries = await recordQueries(() => app.data('{ viewer { id } }', {}, { token: secret }));
    expect(queries).toEqual([]);
  });

  it('verifies a token it has not seen before with one direct read and no Prisma query, deferring the last-use write', async () => {
    const { app, cookie } = await withTokens(1);
    const { secret } = await app.generateToken({ cookie }, { name: 'fresh' });
    const queries = await recordQueries(() => app.data('{ viewer { id } }', {}, { token: secret }));
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(
      /^direct: SELECT .* WHERE "digest" = \? OR \("previousDigest" = \? AND "previousSecretValidUntil" > \?\)$/,
    );
    const flushed = await recordQueries(() => lastUseRecorder.flush());
    expect(flushed.some((query) => query.includes('lastUsedAt'))).toBe(true);
  });

  it('finds a signed-in person by their session cookie with one direct read and no Prisma query', async () => {
    const { app, cookie } = await withTokens(1);
    const queries = await recordQueries(() => app.data('{ viewer { id } }', {}, { cookie }));
    expect(queries).toEqual([expect.stringMatching(/^direct: SELECT .* FROM "Session" WHERE "digest" = \?$/)]);
  });

  it('loads a larger page of tokens in no more queries than a small one (no N+1)', async () => {
    const { app, secret } = await withTokens(12);
    const page = `query ($first: Int) { viewer { email tokens(first: $first) { totalCount edges { node { id name status permissions { name } expiresAt lastUsedAt } } } } }`;
    const small = await recordQueries(() => app.data(page, { first: 2 }, { token: secret }));
    const large = await recordQueries(() => app.data(page, { first: 12 }, { token: secret }));
    // On SQLite the second count may come from the unchanged-results cache: fewer, never more.
    expect(large.length).toBeLessThanOrEqual(small.length);
    expect(large.length).toBeGreaterThan(0);
    expect(small.length).toBeLessThanOrEqual(3);
  });

  it('reads a page of tokens with one direct statement, and counts them only when asked', async () => {
    const { app, secret } = await withTokens(3);
    const page = (fields: string) => `{ viewer { tokens(first: 2) { ${fields} } } }`;
    const withoutCount = await recordQueries(() => app.data(page('edges { node { name } }'), {}, { token: secret }));
    expect(withoutCount).toEqual([expect.stringMatching(/^direct: SELECT .* FROM "PersonalAccessToken" WHERE/)]);
    const withCount = await recordQueries(() => app.data(page('totalCount'), {}, { token: secret }));
    expect(withCount).toEqual([
      expect.stringMatching(/^direct: SELECT .* LIMIT \?$/),
      expect.stringMatching(/^direct: SELECT COUNT\(\*\)/),
    ]);
  });

  it('loads audit events in the same number of queries whatever the page size (no N+1)', async () => {
    const { app, cookie } = await withTokens(6);
    const page = `query ($first: Int) { viewer { auditEvents(first: $first) { edges { node { action tokenId tokenName } } } } }`;
    const small = await recordQueries(() => app.data(page, { first: 1 }, { cookie }));
    const large = await recordQueries(() => app.data(page, { first: 6 }, { cookie }));
    expect(large.length).toBeGreaterThan(0);
    expect(large.length).toBe(small.length);
  });

  it.runIf(testEngine === 'postgresql')(
    'revokes a token on PostgreSQL in one statement (lock, update, notify, audit and the answer) when nobody is to be told',
    async () => {
      const { app, cookie } = await withTokens(1);
      const admin = await app.generateToken({ cookie }, { name: 'admin', permissions: ['tokens:write'] });
      const target = await app.generateToken({ cookie }, { name: 'target' });
      await app.data('{ viewer { id } }', {}, { token: admin.secret });
      // Written now rather than by their timers, which a slow revoke could let fire inside the recording.
      await Promise.all([lastUseRecorder.flush(), activityRecorder.flush()]);
      const queries = await recordQueries(() =>
        app.data(`${revokeMutation}`, { id: target.id }, { token: admin.secret }),
      );
      // The owner's choice for `token.revoked` (none: the default), then the one statement.
      expect(queries).toEqual([
        expect.stringMatching(/FROM "public"\."NotificationPreference"/),
        expect.stringMatching(/^\s*WITH locked AS MATERIALIZED/),
      ]);
    },
  );
});
