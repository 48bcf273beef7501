import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { testEngine } from './support/database.js';
import { freePort, type RunningNginx, startNginx } from './support/nginx.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

// The documented configuration, as docs/services.md shows it: this test is what keeps the two honest.
const documentedConfig = readFileSync(path.join(repositoryRoot, 'docs/examples/nginx-forward-auth.conf'), 'utf8');

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(port: number, method: string, target: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path: target, method, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

// One Latchkey process on its own SQLite file; the PostgreSQL project would prove nothing new about nginx.
describe.skipIf(testEngine === 'postgresql')('nginx auth_request in front of a service, with Latchkey deciding', () => {
  let latchkey: RunningServer;
  let nginx: RunningNginx;
  let upstream: Server;
  const seenByUpstream: IncomingHttpHeaders[] = [];
  let proxied: number;
  let wronglyKeyed: number;
  let graphql: (
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
  ) => Promise<{ body: any; cookie: string }>;

  beforeAll(async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-forward-auth-'));
    const databaseUrl = `file:${path.join(directory, 'latchkey.db')}`;
    const latchkeyPort = await freePort();
    latchkey = await startServerProcess({ DATABASE_URL: databaseUrl, PORT: String(latchkeyPort) });
    // The operator's way to a key: the documented command, against the same database.
    const created = execFileSync('npm', ['run', '-s', 'service-key', '--', 'create', 'reports'], {
      cwd: repositoryRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    });
    const serviceKey = /lksvc_[0-9A-Za-z]{38}/.exec(created)?.[0] ?? '';
    expect(serviceKey).not.toBe('');

    upstream = createServer((request, response) => {
      seenByUpstream.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"reports":[]}');
    });
    const upstreamPort = await freePort();
    await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', resolve));

    proxied = await freePort();
    wronglyKeyed = await freePort();
    const instance = (text: string, listen: number, key: string) =>
      text
        .replaceAll('LISTEN', `127.0.0.1:${listen}`)
        .replaceAll('LATCHKEY_UPSTREAM', `127.0.0.1:${latchkeyPort}`)
        .replaceAll('REPORTS_UPSTREAM', `127.0.0.1:${upstreamPort}`)
        .replaceAll('REPORTS_SERVICE_KEY', key);
    // The map is declared once; the second server block is the same one with a key Latchkey never issued.
    const serverBlock = documentedConfig.slice(documentedConfig.indexOf('\nserver {'));
    nginx = await startNginx(
      `${instance(documentedConfig, proxied, serviceKey)}\n${instance(serverBlock, wronglyKeyed, `lksvc_${'0'.repeat(38)}`)}`,
      proxied,
    );

    graphql = async (query, variables, headers) => {
      const response = await fetch(latchkey.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { body: await response.json(), cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
    };
  });
  afterAll(async () => {
    nginx?.stop();
    await new Promise((resolve) => upstream?.close(resolve));
    await latchkey?.stop();
  });

  async function tokens() {
    const signUp = await graphql(
      'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }',
      { input: { email: `nginx-${Math.random()}@example.com`, password: 'correct horse battery' } },
      {},
    );
    const session = { cookie: signUp.cookie };
    const mint = async (name: string, permissions: string[]) => {
      const { body } = await graphql(
        `mutation ($input: GenerateTokenInput!) { generateToken(input: $input) {
          ... on GenerateTokenSuccess { secret token { id } } } }`,
        { input: { name, expiration: 'DAYS_30', permissions } },
        session,
      );
      return { id: body.data.generateToken.token.id as string, secret: body.data.generateToken.secret as string };
    };
    const { body } = await graphql('{ viewer { id } }', {}, session);
    return {
      session,
      userId: body.data.viewer.id as string,
      reader: await mint('reader', ['reports:read']),
      writer: await mint('writer', ['reports:write']),
      latchkeyOnly: await mint('latchkey only', ['tokens:read']),
    };
  }

  it('lets a token with the permission reach the service, which sees who and what, never what the client claimed', async () => {
    const { reader, userId } = await tokens();
    seenByUpstream.length = 0;
    const answer = await send(proxied, 'GET', '/reports', {
      authorization: `Bearer ${reader.secret}`,
      'x-latchkey-user-id': 'forged-admin',
      'x-latchkey-permissions': 'reports:write',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('{"reports":[]}');
    expect(seenByUpstream).toHaveLength(1);
    expect(seenByUpstream[0]).toMatchObject({
      'x-latchkey-user-id': userId,
      'x-latchkey-token-id': reader.id,
      'x-latchkey-permissions': 'reports:read',
    });
    expect(seenByUpstream[0]).not.toHaveProperty('x-latchkey-service-key');
  });

  it('answers a token without the permission with 403, and the service is never called', async () => {
    const { reader, writer } = await tokens();
    seenByUpstream.length = 0;
    const answer = await send(proxied, 'POST', '/reports', { authorization: `Bearer ${reader.secret}` });
    expect(answer.status).toBe(403);
    expect(answer.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="reports:write"');
    expect(seenByUpstream).toHaveLength(0);
    expect((await send(proxied, 'POST', '/reports', { authorization: `Bearer ${writer.secret}` })).status).toBe(200);
  });

  it('answers a missing, bad or other-service token with 401, a forged identity header included', async () => {
    const { latchkeyOnly } = await tokens();
    seenByUpstream.length = 0;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer lkpat_nonsense' },
      { authorization: `Bearer ${latchkeyOnly.secret}` },
      { 'x-latchkey-user-id': 'forged-admin' },
    ];
    for (const headers of attempts) {
      const answer = await send(proxied, 'GET', '/reports', headers);
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
    expect(seenByUpstream).toHaveLength(0);
  });

  it('refuses a revoked token on the very next request', async () => {
    const { reader, session } = await tokens();
    const bearer = { authorization: `Bearer ${reader.secret}` };
    expect((await send(proxied, 'GET', '/reports', bearer)).status).toBe(200);
    const revoked = await graphql(
      'mutation ($id: ID!) { revokeToken(id: $id) { __typename } }',
      { id: reader.id },
      session,
    );
    expect(revoked.body.data.revokeToken.__typename).toBe('RevokeTokenSuccess');
    expect((await send(proxied, 'GET', '/reports', bearer)).status).toBe(401);
  });

  it('answers a token over its own rate limit with 429 and Retry-After, and the service is not called', async () => {
    const { session } = await tokens();
    const { body } = await graphql(
      `mutation ($input: GenerateTokenInput!) { generateToken(input: $input) {
        ... on GenerateTokenSuccess { secret } } }`,
      {
        input: {
          name: 'limited',
          expiration: 'DAYS_30',
          permissions: ['reports:read'],
          rateLimit: { requests: 1, windowSeconds: 86_400 },
        },
      },
      session,
    );
    const bearer = { authorization: `Bearer ${body.data.generateToken.secret}` };
    expect((await send(proxied, 'GET', '/reports', bearer)).status).toBe(200);
    seenByUpstream.length = 0;
    const limited = await send(proxied, 'GET', '/reports', bearer);
    expect(limited.status).toBe(429);
    // Until the day-long window ends (midnight UTC).
    const untilMidnight = (86_400_000 - (Date.now() % 86_400_000)) / 1000;
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(untilMidnight - 60);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(Math.ceil(untilMidnight));
    expect(seenByUpstream).toHaveLength(0);
  });

  it('refuses a token used from outside its address allowlist like an invalid one', async () => {
    const { session } = await tokens();
    const mint = async (allowedAddresses: string[]) => {
      const { body } = await graphql(
        `mutation ($input: GenerateTokenInput!) { generateToken(input: $input) {
          ... on GenerateTokenSuccess { secret } } }`,
        {
          input: {
            name: `from ${allowedAddresses}`,
            expiration: 'DAYS_30',
            permissions: ['reports:read'],
            allowedAddresses,
          },
        },
        session,
      );
      return { authorization: `Bearer ${body.data.generateToken.secret}` };
    };
    // nginx tells Latchkey the address it received the request from: here, loopback.
    expect((await send(proxied, 'GET', '/reports', await mint(['127.0.0.0/8']))).status).toBe(200);
    const refused = await send(proxied, 'GET', '/reports', await mint(['10.0.0.0/8']));
    expect([refused.status, refused.headers['www-authenticate']]).toEqual([401, 'Bearer error="invalid_token"']);
  });

  it('lets nothing through a proxy whose service key Latchkey does not know', async () => {
    const { writer } = await tokens();
    seenByUpstream.length = 0;
    const answer = await send(wronglyKeyed, 'GET', '/reports', { authorization: `Bearer ${writer.secret}` });
    expect(answer.status).toBe(401);
    expect(seenByUpstream).toHaveLength(0);
  });
});
