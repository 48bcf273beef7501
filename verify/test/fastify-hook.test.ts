import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latchkeyHook } from '../src/fastify.js';
import { principal, scriptedVerifier } from './support/scripted-verifier.js';

const app = Fastify();
let url: string;
let handled = 0;
const verifier = scriptedVerifier();

beforeAll(async () => {
  app.decorateRequest('latchkey', null);
  app.get('/reports', { onRequest: latchkeyHook(verifier, { permission: 'reports:read' }) }, async (request) => {
    handled++;
    return { tokenId: request.latchkey?.tokenId };
  });
  app.post('/reports', { onRequest: latchkeyHook(verifier, { permission: 'reports:write' }) }, async () => {
    handled++;
    return { created: true };
  });
  const behindProxy = latchkeyHook(verifier, {
    clientAddress: (request) => request.headers['x-real-ip']?.toString(),
  });
  app.get('/behind-proxy', { onRequest: behindProxy }, async () => ({ through: true }));
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(() => app.close());

async function call(method: string, authorization?: string) {
  const response = await fetch(`${url}/reports`, { method, headers: authorization ? { authorization } : {} });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

describe('the Fastify hook', () => {
  it('lets a token with the permission through, with the principal on the request', async () => {
    expect(await call('GET', 'Bearer reader')).toEqual({
      status: 200,
      challenge: null,
      retryAfter: null,
      body: { tokenId: principal.tokenId },
    });
  });

  it('answers 401, 403, 429 and 503 itself, without running the handler', async () => {
    const before = handled;
    expect(await call('GET')).toEqual({
      status: 401,
      challenge: 'Bearer error="invalid_token"',
      retryAfter: null,
      body: { error: 'invalid_token' },
    });
    expect(await call('POST', 'Bearer reader')).toEqual({
      status: 403,
      challenge: 'Bearer error="insufficient_scope", scope="reports:write"',
      retryAfter: null,
      body: { error: 'insufficient_scope' },
    });
    expect(await call('GET', 'Bearer limited')).toEqual({
      status: 429,
      challenge: null,
      retryAfter: '30',
      body: { error: 'rate_limited' },
    });
    expect(await call('GET', 'Bearer down')).toEqual({
      status: 503,
      challenge: null,
      retryAfter: '1',
      body: { error: 'unavailable' },
    });
    expect(handled).toBe(before);
  });

  it("verifies with Fastify's request.ip, or the address its clientAddress option reads", async () => {
    verifier.clientAddresses.length = 0;
    await call('GET', 'Bearer reader');
    await fetch(`${url}/behind-proxy`, { headers: { authorization: 'Bearer reader', 'x-real-ip': '10.1.2.3' } });
    expect(verifier.clientAddresses).toEqual(['127.0.0.1', '10.1.2.3']);
  });
});
