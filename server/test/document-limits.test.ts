import { getIntrospectionQuery, Lexer, Source, TokenKind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { documentLimits } from '../src/http/document-limits.js';
import { createTestApp } from './support/app.js';

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  return { app, session: { cookie: person.cookie } };
}

function countTokens(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

const firstError = (response: { body: { errors?: { message: string }[] } }) =>
  response.body.errors?.[0]?.message ?? null;

describe('document limits', () => {
  it('accepts 15 aliases and refuses 16', async () => {
    const { app, session } = await setUp();
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    expect(documentLimits.aliases).toBe(15);
    expect(firstError(await app.request(aliases(15), {}, session))).toBeNull();
    expect(firstError(await app.request(aliases(16), {}, session))).toMatch(/aliases/i);
  });

  it('accepts 1000 tokens and refuses more', async () => {
    const { app, session } = await setUp();
    expect(documentLimits.tokens).toBe(1000);
    // Each repeated string in the list is one token; count exactly with graphql's own lexer.
    const withTokens = (n: number) => {
      const document = (k: number) =>
        `mutation { generateToken(input: { name: "t${n}", expiration: DAYS_30, permissions: [${' "tokens:read"'.repeat(k)}] }) { __typename } }`;
      const base = countTokens(document(0));
      return document(n - base);
    };
    expect(countTokens(withTokens(1000))).toBe(1000);
    expect(firstError(await app.request(withTokens(1000), {}, session))).toBeNull();
    expect(firstError(await app.request(withTokens(1001), {}, session))).toMatch(/token/i);
  });

  it('accepts 50 directives and refuses 51', async () => {
    const { app, session } = await setUp();
    const directives = (n: number) =>
      `{ viewer { ${Array.from({ length: n }, () => 'id @include(if: true)').join(' ')} } }`;
    expect(firstError(await app.request(directives(50), {}, session))).toBeNull();
    expect(firstError(await app.request(directives(51), {}, session))).toMatch(/directives/i);
  });

  it(`accepts a depth of ${documentLimits.depth} and refuses more`, async () => {
    const { app, session } = await setUp();
    // Type references nest without end (ofType { ofType { … } }), so they can reach any depth.
    const nested = (depth: number) => {
      let selection = 'name';
      for (let level = 4; level < depth; level++) selection = `ofType { ${selection} }`;
      return `{ viewer { id } __type(name: "User") { fields { type { ${selection} } } } }`;
    };
    expect(firstError(await app.request(nested(documentLimits.depth), {}, session))).toBeNull();
    expect(firstError(await app.request(nested(documentLimits.depth + 1), {}, session))).toMatch(/depth/i);
  });

  it('refuses an expensive document by cost', async () => {
    const { app, session } = await setUp();
    const fields = 'id name hint permissions { name } status createdAt expiresAt revokedAt lastUsedAt lastUsedIp';
    const page = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `p${i}: viewer { tokens(first: 100) { edges { cursor node { ${fields} } } } }`).join(' ')} }`;
    expect(firstError(await app.request(page(1), {}, session))).toBeNull();
    expect(firstError(await app.request(page(15), {}, session))).toMatch(/cost/i);
  });

  it('keeps introspection open for tooling', async () => {
    const { app } = await setUp();
    const response = await app.request(getIntrospectionQuery());
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses a body over 1 MiB with HTTP 413 and accepts one just under', async () => {
    const { app, session } = await setUp();
    const body = (size: number) => {
      const base = JSON.stringify({ query: '{ viewer { id } }', variables: { padding: '' } });
      return JSON.stringify({ query: '{ viewer { id } }', variables: { padding: 'x'.repeat(size - base.length) } });
    };
    const send = (text: string) =>
      app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie },
        body: text,
      });
    expect((await send(body(1024 * 1024))).status).toBe(200);
    expect((await send(body(1024 * 1024 + 1))).status).toBe(413);
  });

  it('refuses batched requests', async () => {
    const { app } = await setUp();
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('never runs a mutation over GET', async () => {
    const { app } = await setUp();
    const query = encodeURIComponent('mutation { signOut }');
    const response = await app.yoga.fetch(`http://localhost/graphql?query=${query}`, { method: 'GET' });
    expect(response.status).toBe(405);
  });
});
