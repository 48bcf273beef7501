import { describe, expect, it } from 'vitest';
import { lastUseRecorder } from '../src/tokens/last-use.js';
import { createTestApp } from './support/app.js';
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

  it('verifies a token it has not seen before without any Prisma query, deferring the last-use write', async () => {
    const { app, cookie } = await withTokens(1);
    const { secret } = await app.generateToken({ cookie }, { name: 'fresh' });
    const queries = await recordQueries(() => app.data('{ viewer { id } }', {}, { token: secret }));
    expect(queries).toEqual([]);
    const flushed = await recordQueries(() => lastUseRecorder.flush());
    expect(flushed.some((query) => query.includes('lastUsedAt'))).toBe(true);
  });

  it('loads a page of tokens in the same number of queries whatever its size (no N+1)', async () => {
    const { app, secret } = await withTokens(12);
    const page = `query ($first: Int) { viewer { email tokens(first: $first) { totalCount edges { node { id name status scopes expiresAt lastUsedAt } } } } }`;
    const small = await recordQueries(() => app.data(page, { first: 2 }, { token: secret }));
    const large = await recordQueries(() => app.data(page, { first: 12 }, { token: secret }));
    expect(large.length).toBe(small.length);
    expect(large.length).toBeGreaterThan(0);
    expect(large.length).toBeLessThanOrEqual(3);
  });

  it('loads audit events in the same number of queries whatever the page size (no N+1)', async () => {
    const { app, cookie } = await withTokens(6);
    const page = `query ($first: Int) { viewer { auditEvents(first: $first) { edges { node { action tokenId tokenName } } } } }`;
    const small = await recordQueries(() => app.data(page, { first: 1 }, { cookie }));
    const large = await recordQueries(() => app.data(page, { first: 6 }, { cookie }));
    expect(large.length).toBeGreaterThan(0);
    expect(large.length).toBe(small.length);
  });
});
