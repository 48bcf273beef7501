import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latchkeyMiddleware } from '../src/node.js';
import { principal, scriptedVerifier } from './support/scripted-verifier.js';

const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(() => {
  for (const server of servers) server.close();
});

async function get(url: string, authorization?: string) {
  const response = await fetch(url, { headers: authorization ? { authorization } : {} });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

describe('the Express middleware', () => {
  let url: string;
  const verifier = scriptedVerifier();

  beforeAll(async () => {
    const app = express();
    app.get('/reports', latchkeyMiddleware(verifier, { permission: 'reports:read' }), (request, response) => {
      response.json({ principal: request.latchkey });
    });
    app.post('/reports', latchkeyMiddleware(verifier, { permission: 'reports:write' }), (_request, response) => {
      response.json({ created: true });
    });
    app.get(
      '/by-method',
      latchkeyMiddleware(verifier, {
        permission: (request) => `reports:${request.method === 'GET' ? 'read' : 'write'}`,
      }),
      (_request, response) => response.json({ through: true }),
    );
    app.get(
      '/behind-proxy',
      latchkeyMiddleware(verifier, { clientAddress: (request) => request.headers['x-real-ip']?.toString() }),
      (_request, response) => response.json({ through: true }),
    );
    url = await listen(createServer(app));
  });

  it('lets a token with the permission through, with the principal on the request', async () => {
    expect(await get(`${url}/reports`, 'Bearer reader')).toEqual({
      status: 200,
      challenge: null,
      retryAfter: null,
      body: { principal: { ...principal, expiresAt: principal.expiresAt.toISOString() } },
    });
  });

  it('answers 401 with the invalid_token challenge for a missing or refused token', async () => {
    for (const authorization of [undefined, 'Bearer forged']) {
      expect(await get(`${url}/reports`, authorization)).toEqual({
        status: 401,
        challenge: 'Bearer error="invalid_token"',
        retryAfter: null,
        body: { error: 'invalid_token' },
      });
    }
  });

  it('answers 403 naming the permission when the token lacks it', async () => {
    const response = await fetch(`${url}/reports`, { method: 'POST', headers: { authorization: 'Bearer reader' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="reports:write"');
    expect(await response.json()).toEqual({ error: 'insufficient_scope' });
  });

  it('answers 503 when Latchkey cannot be asked', async () => {
    expect(await get(`${url}/reports`, 'Bearer down')).toEqual({
      status: 503,
      challenge: null,
      retryAfter: '1',
      body: { error: 'unavailable' },
    });
  });

  it('answers 429 with Retry-After when the token is over its rate limit or quota', async () => {
    expect(await get(`${url}/reports`, 'Bearer limited')).toEqual({
      status: 429,
      challenge: null,
      retryAfter: '30',
      body: { error: 'rate_limited' },
    });
  });

  it("verifies with the socket's remote address, or the one its clientAddress option reads", async () => {
    verifier.clientAddresses.length = 0;
    await get(`${url}/reports`, 'Bearer reader');
    await fetch(`${url}/behind-proxy`, { headers: { authorization: 'Bearer reader', 'x-real-ip': '10.1.2.3' } });
    expect(verifier.clientAddresses).toEqual(['127.0.0.1', '10.1.2.3']);
  });

  it('asks for the permission a function of the request names', async () => {
    verifier.asked.length = 0;
    expect((await get(`${url}/by-method`, 'Bearer reader')).status).toBe(200);
    expect(verifier.asked).toEqual(['reports:read']);
  });
});

describe('the middleware on plain node:http', () => {
  it('calls the handler only for an accepted token', async () => {
    const guard = latchkeyMiddleware(scriptedVerifier(), { permission: 'reports:read' });
    const url = await listen(
      createServer((request, response) =>
        guard(request, response, () => response.end(JSON.stringify({ tokenId: request.latchkey?.tokenId }))),
      ),
    );
    expect((await get(url, 'Bearer reader')).body).toEqual({ tokenId: principal.tokenId });
    expect((await get(url, 'Bearer forged')).status).toBe(401);
  });
});
