import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { documentLimits } from '../src/http/document-limits.js';
import { persistedQueryStore } from '../src/http/persisted-queries.js';
import { generateTokenSecret } from '../src/tokens/format.js';
import { createTestApp, type TestApp } from './support/app.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const viewerQuery = 'query Viewer { viewer { email } }';

/** What Apollo's persisted-query link sends: the hash in `extensions`, and the text only when asked for it. */
async function send(app: TestApp, hash: string, query?: string, headers: Record<string, string> = {}) {
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      operationName: 'Viewer',
      variables: {},
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      ...(query === undefined ? {} : { query }),
    }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text, headers: response.headers };
}

const notFound = {
  errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
};

async function tokenHolder(app: TestApp) {
  const person = await app.signUp();
  const { secret } = await app.generateToken({ cookie: person.cookie }, { permissions: ['profile:read'] });
  return { email: person.email, authorization: `Bearer ${secret}` };
}

describe('automatic persisted queries', () => {
  it('ask for an unknown hash, keep the text sent with it, then run the hash alone', async () => {
    const app = createTestApp();
    const { email, authorization } = await tokenHolder(app);
    const hash = sha256(viewerQuery);

    const unknown = await send(app, hash, undefined, { authorization });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(notFound);

    const registered = await send(app, hash, viewerQuery, { authorization });
    expect(registered.status).toBe(200);
    expect(registered.body).toEqual({ data: { viewer: { email } } });

    const byHash = await send(app, hash, undefined, { authorization });
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual({ data: { viewer: { email } } });
  });

  it('run a known hash sent as a GET, as Apollo does with useGETForHashedQueries', async () => {
    const app = createTestApp();
    const { email, authorization } = await tokenHolder(app);
    const hash = sha256(viewerQuery);
    await send(app, hash, viewerQuery, { authorization });
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
    const response = await app.yoga.fetch(`http://localhost/graphql?operationName=Viewer&extensions=${extensions}`, {
      headers: { authorization, accept: 'application/graphql-response+json, application/json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { email } } });
  });

  it('refuse a text that does not match its hash, and keep nothing', async () => {
    const app = createTestApp();
    const hash = sha256('{ __typename }');
    const mismatch = await send(app, hash, '{ scopes { name } }');
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_MISMATCH');
    expect((await send(app, hash)).body).toEqual(notFound);
  });

  it('authenticate first: a bad token gets the usual 401 whatever it sends, and registers nothing', async () => {
    const app = createTestApp();
    const badToken = { authorization: `Bearer ${generateTokenSecret()}` };
    const query = '{ __typename }';
    const hash = sha256(query);
    const plain = await app.request(query, {}, { token: generateTokenSecret() });
    const answers = [await send(app, hash, undefined, badToken), await send(app, hash, query, badToken)];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(answer.text).toBe(plain.text);
    }
    expect((await send(app, hash)).body).toEqual(notFound);
  });

  it('hold a text found by its hash to the document limits, as if it had been sent in full', async () => {
    const app = createTestApp();
    // graphql-armor does not count aliases of __typename.
    const aliases = Array.from({ length: documentLimits.aliases + 1 }, (_, index) => `a${index}: scopes { name }`);
    const query = `query Viewer { ${aliases.join(' ')} }`;
    const hash = sha256(query);
    const inFull = await send(app, hash, query);
    const byHash = await send(app, hash);
    for (const answer of [inFull, byHash]) {
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors[0].message).toContain('Aliases limit');
    }
  });

  it('hold a text found by its hash to the text rules: no NUL character runs', async () => {
    const app = createTestApp();
    const query = 'query Viewer { __typename } # \u0000';
    const hash = sha256(query);
    for (const answer of [await send(app, hash, query), await send(app, hash)]) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('the persisted-query store', () => {
  it('keeps at most its number of texts, dropping the least recently used', () => {
    const store = persistedQueryStore({ entries: 2, characters: 1_000_000, charactersPerEntry: 1000 });
    store.set('a', '{ a }');
    store.set('b', '{ b }');
    store.get('a');
    store.set('c', '{ c }');
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual(['{ a }', undefined, '{ c }']);
  });

  it('keeps at most its number of characters in all, and never a text longer than one entry may be', () => {
    const store = persistedQueryStore({ entries: 1000, characters: 300, charactersPerEntry: 150 });
    store.set('long', 'x'.repeat(151));
    expect(store.get('long')).toBeUndefined();
    for (let index = 0; index < 10; index++) store.set(`hash-${index}`, 'y'.repeat(90));
    const kept = Array.from({ length: 10 }, (_, index) => store.get(`hash-${index}`)).filter(Boolean);
    expect(kept.length).toBeLessThanOrEqual(3);
    expect(store.get('hash-9')).toBe('y'.repeat(90));
  });
});
