import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunningServer, startServerProcess } from './support/server-process.js';

async function call(server: RunningServer, query: string, variables: object, headers: Record<string, string>) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, cookie: response.headers.get('set-cookie'), body: await response.json() };
}

// A single SQLite process counts quotas in its database file, so a restart grants no uses (rate limits, counted
// in memory, start again: approximate by at most one window, as documented).
describe('a quota on SQLite', () => {
  it('survives a restart of the server', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-quota-')), 'latchkey.db');
    let server = await startServerProcess({ DATABASE_URL: `file:${file}` });
    try {
      const signedUp = await call(
        server,
        'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }',
        { input: { email: 'quota@example.com', password: 'correct horse battery' } },
        {},
      );
      const cookie = (signedUp.cookie ?? '').split(';')[0] ?? '';
      const generated = await call(
        server,
        `mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { ... on GenerateTokenSuccess { secret } } }`,
        { input: { name: 'twice', expiration: 'DAYS_30', permissions: ['profile:read'], quota: { uses: 2 } } },
        { cookie },
      );
      const bearer = { authorization: `Bearer ${generated.body.data.generateToken.secret}` };
      expect((await call(server, '{ viewer { id } }', {}, bearer)).status).toBe(200);
      expect((await call(server, '{ viewer { id } }', {}, bearer)).status).toBe(200);
      await server.stop();
      server = await startServerProcess({ DATABASE_URL: `file:${file}` });
      expect((await call(server, '{ viewer { id } }', {}, bearer)).status).toBe(429);
    } finally {
      await server.stop();
    }
  });
});
