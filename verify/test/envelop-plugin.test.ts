import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { type LatchkeyContext, requirePermission, useLatchkey } from '../src/envelop.js';
import { principal, scriptedVerifier } from './support/scripted-verifier.js';

const verifier = scriptedVerifier();
const schema = createSchema<LatchkeyContext>({
  typeDefs: 'type Query { me: String, reports: [String!]!, secrets: [String!]! }',
  resolvers: {
    Query: {
      me: (_parent, _args, context) => context.latchkey?.tokenId ?? null,
      reports: (_parent, _args, context) => {
        requirePermission(context.latchkey, 'reports:read');
        return ['Q3'];
      },
      secrets: (_parent, _args, context) => {
        requirePermission(context.latchkey, 'reports:write');
        return ['never'];
      },
    },
  },
});
const yoga = createYoga<object, LatchkeyContext>({ schema, plugins: [useLatchkey(verifier)], logging: false });

async function ask(query: string, authorization?: string) {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.json() };
}

describe('the envelop plugin', () => {
  it('puts the principal of an accepted token into the context', async () => {
    expect(await ask('{ me reports }', 'Bearer reader')).toEqual({
      status: 200,
      challenge: null,
      body: { data: { me: principal.tokenId, reports: ['Q3'] } },
    });
  });

  it('leaves the principal null without a token, so fields that need a permission refuse with 401', async () => {
    const answer = await ask('{ me reports }');
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe('Bearer error="invalid_token"');
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await ask('{ me }')).body).toEqual({ data: { me: null } });
  });

  it('fails a field with 403 when the token lacks its permission', async () => {
    const answer = await ask('{ secrets }', 'Bearer reader');
    expect(answer.status).toBe(403);
    expect(answer.challenge).toBe('Bearer error="insufficient_scope", scope="reports:write"');
    expect(answer.body.errors).toMatchObject([
      { message: 'This needs a token with the reports:write permission.', extensions: { code: 'FORBIDDEN' } },
    ]);
  });

  it('refuses the whole request when a sent token is refused, or Latchkey cannot be asked', async () => {
    const refused = await ask('{ me }', 'Bearer forged');
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe('Bearer error="invalid_token"');
    expect(refused.body.data).toBeUndefined();
    const down = await ask('{ me }', 'Bearer down');
    expect(down.status).toBe(503);
    expect(down.body.errors[0].extensions.code).toBe('UNAVAILABLE');
  });

  it('refuses the whole request with 429 and Retry-After when the token is over its rate limit or quota', async () => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer limited' },
      body: JSON.stringify({ query: '{ me }' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toMatchObject({
      errors: [
        {
          message: 'The token has reached its rate limit or quota; try again in 30 s.',
          extensions: { code: 'RATE_LIMITED' },
        },
      ],
    });
  });

  it("verifies with the node:http request's remote address, or the one its clientAddress option reads", async () => {
    const behindProxy = createYoga<object, LatchkeyContext>({
      schema,
      plugins: [
        useLatchkey(verifier, {
          clientAddress: (context) => (context as { request: Request }).request.headers.get('x-real-ip') ?? undefined,
        }),
      ],
      logging: false,
    });
    const server = createServer(yoga).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      verifier.clientAddresses.length = 0;
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql?query={me}`, {
        headers: { authorization: 'Bearer reader' },
      });
      await ask('{ me }', 'Bearer reader');
      await behindProxy.fetch('http://localhost/graphql?query={me}', {
        headers: { authorization: 'Bearer reader', 'x-real-ip': '10.1.2.3' },
      });
      // yoga.fetch alone has no node:http request: no address to give.
      expect(verifier.clientAddresses).toEqual(['127.0.0.1', undefined, '10.1.2.3']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
