import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latchkeyHook } from '../src/fastify.js';
import { principal, scriptedVerifier } from './support/scripted-verifier.js';

const app = Fastify();
let url: string;
let handled = 0;

beforeAll(async () => {
  const verifier = scriptedVerifier();
  app.decorateRequest('latchkey', null);
  app.get('/reports', { onRequest: latchkeyHook(verifier, { permission: 'reports:read' }) }, async (request) => {
    handled++;
    return { tokenId: request.latchkey?.tokenId };
  });
  app.post('/reports', { onRequest: latchkeyHook(verifier, { permission: 'reports:write' }) }, async () => {
    handled++;
    return { created: true };
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(() => app.close());

async function call(method: string, authorization?: string) {
  const response = await fetch(`${url}/reports`, { method, headers: authorization ? { authorization } : {} });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.json(),
  };
}

describe('the Fastify hook', () => {
  it('lets a token with the permission through, with the principal on the request', async () => {
    expect(await call('GET', 'Bearer reader')).toEqual({
      status: 200,
      challenge: null,
      body: { tokenId: principal.tokenId },
    });
  });

  it('answers 401, 403 and 503 itself, without running the handler', async () => {
    const before = handled;
    expect(await call('GET')).toEqual({
      status: 401,
      challenge: 'Bearer error="invalid_token"',
      body: { error: 'invalid_token' },
    });
    expect(await call('POST', 'Bearer reader')).toEqual({
      status: 403,
      challenge: 'Bearer error="insufficient_scope", scope="reports:write"',
      body: { error: 'insufficient_scope' },
    });
    expect(await call('GET', 'Bearer down')).toEqual({ status: 503, challenge: null, body: { error: 'unavailable' } });
    expect(handled).toBe(before);
  });
});
