import { mkdtempSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strictTransportSecurity } from '@latchkey/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from './support/database.js';
import { freePort, type RunningNginx, startNginx as startNginxWith } from './support/nginx.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

/** Debian's nginx as a reverse proxy that appends to X-Forwarded-For, like most do. */
async function startNginx(upstreamPort: number): Promise<RunningNginx & { port: number }> {
  const port = await freePort();
  const nginx = await startNginxWith(
    `  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }`,
    port,
  );
  return { ...nginx, port };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
  body: any;
}

const publicUrl = 'https://tokens.example.test';

// One server process with its own SQLite file; the PostgreSQL project would prove nothing new here.
describe.skipIf(testEngine === 'postgresql')('behind nginx with LATCHKEY_TRUST_PROXY=1', () => {
  let latchkey: RunningServer;
  let nginx: Awaited<ReturnType<typeof startNginx>>;

  beforeAll(async () => {
    const latchkeyPort = await freePort();
    latchkey = await startServerProcess({
      DATABASE_URL: `file:${path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-proxied-')), 'latchkey.db')}`,
      PORT: String(latchkeyPort),
      LATCHKEY_TRUST_PROXY: '1',
      LATCHKEY_PUBLIC_URL: publicUrl,
      LATCHKEY_RATE_LIMIT_SIGN_IN_IP: '3',
    });
    nginx = await startNginx(latchkeyPort);
  });
  afterAll(async () => {
    nginx?.stop();
    await latchkey?.stop();
  });

  /** A GraphQL request to nginx from `clientAddress` (any 127.x address reaches the loopback listener). */
  function post(
    clientAddress: string,
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port: nginx.port,
          path: '/graphql',
          method: 'POST',
          localAddress: clientAddress,
          headers: { 'content-type': 'application/json', ...headers },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify({ query, variables }));
    });
  }

  const signUp = `mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }`;
  const signIn = `mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }`;
  const auditAddresses = '{ viewer { auditEvents(first: 10) { edges { node { action ip } } } } }';

  async function signUpFrom(clientAddress: string) {
    const input = { email: `proxied-${Math.random().toString(36).slice(2)}@example.com`, password: 'correct horse' };
    const answer = await post(clientAddress, signUp, { input });
    expect(answer.body.data.signUp.__typename, JSON.stringify(answer.body)).toBe('SignUpSuccess');
    return { answer, input };
  }

  it('records the address nginx saw, not the one the client forged in X-Forwarded-For', async () => {
    const { input } = await signUpFrom('127.0.0.1');
    const signedIn = await post('127.0.0.2', signIn, { input }, { 'x-forwarded-for': '203.0.113.7' });
    const cookie = (signedIn.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const audit = await post('127.0.0.5', auditAddresses, {}, { cookie, 'x-forwarded-for': '198.51.100.1, 10.0.0.1' });

    expect(audit.body.data.viewer.auditEvents.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { action: 'SIGNED_IN', ip: '127.0.0.2' },
    ]);
  });

  it('does not let a forged X-Forwarded-For escape the per-address sign-in limit', async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const forged = { 'x-forwarded-for': `203.0.113.${attempt + 10}` };
      const input = { email: `nobody-${attempt}@example.com`, password: 'a wrong guess' };
      statuses.push((await post('127.0.0.3', signIn, { input }, forged)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);

    const elsewhere = await post('127.0.0.4', signIn, { input: { email: 'nobody@example.com', password: 'guess' } });
    expect(elsewhere.body.data.signIn.__typename).toBe('InvalidCredentialsError');
  });

  it('sets a Secure __Host- session cookie and HSTS because the public URL is https, though nginx talks http', async () => {
    const { answer } = await signUpFrom('127.0.0.6');
    const setCookie = answer.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(
      /^__Host-latchkey_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Expires=[^;]+; Secure$/,
    );
    expect(answer.headers['strict-transport-security']).toBe(strictTransportSecurity);

    const value = setCookie.split(';')[0]?.split('=')[1];
    const viewer = async (cookie: string) => (await post('127.0.0.6', '{ viewer { email } }', {}, { cookie })).body;
    expect((await viewer(`__Host-latchkey_session=${value}`)).data.viewer).not.toBeNull();
    expect((await viewer(`latchkey_session=${value}`)).data.viewer).toBeNull();
  });
});
