import { once } from 'node:events';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { createServiceKey } from '../src/services/service-keys.js';
import { createTestApp, localId, TestClock } from './support/app.js';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

// A real server process on this file's database, stopped with SIGTERM while requests are in flight. A request is
// known to be in flight when the server has answered its `Expect: 100-continue`: it has received the request and
// waits for the body, which is sent only once the server has said that it is shutting down.

const SIGN_UP =
  'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename ... on SignUpSuccess { user { email } } } }';
const SHUTTING_DOWN = 'SIGTERM: finishing the requests in flight, then exiting.';

const agents: Agent[] = [];
const servers: RunningServer[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
  // A failed test leaves no server behind.
  for (const server of servers.splice(0)) if (server.process.exitCode === null) server.process.kill('SIGKILL');
});

async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const server = await startServerProcess({ DATABASE_URL: testDatabaseUrl, ...env });
  servers.push(server);
  return server;
}

function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true });
  agents.push(agent);
  return agent;
}

function exitOf(server: RunningServer): Promise<number | null> {
  if (server.process.exitCode !== null) return Promise.resolve(server.process.exitCode);
  return once(server.process, 'exit').then(([code]) => code as number | null);
}

async function printed(server: RunningServer, line: string): Promise<void> {
  while (!server.output().includes(line)) await once(server.process.stdout ?? server.process, 'data');
}

function read(incoming: IncomingMessage): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
    incoming.on('error', reject);
  });
}

/** A sign-up the server has received (it answered 100 Continue); its body goes out with `sendBody`. */
async function signUpInFlight(url: string, agent: Agent, email: string) {
  const body = JSON.stringify({ query: SIGN_UP, variables: { input: { email, password: 'correct horse battery' } } });
  const outgoing = httpRequest(url, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
  });
  const answer = once(outgoing, 'response').then(([incoming]) => read(incoming as IncomingMessage));
  // Observed either way: a cut request's answer is the socket's error.
  answer.catch(() => undefined);
  await once(outgoing, 'continue');
  return { sendBody: () => outgoing.end(body), answer };
}

function get(url: string, agent: Agent) {
  return once(httpRequest(url, { agent }).end(), 'response').then(([incoming]) => read(incoming as IncomingMessage));
}

describe('a SIGINT', () => {
  it('shuts down as gracefully as a SIGTERM', async () => {
    const server = await startServer({});
    const exited = exitOf(server);
    const slow = await signUpInFlight(server.url, keepAliveAgent(), 'interrupted@example.com');
    server.process.kill('SIGINT');
    await printed(server, 'SIGINT: finishing the requests in flight, then exiting.');
    slow.sendBody();
    expect(await slow.answer).toMatchObject({ status: 200 });
    expect(await exited).toBe(0);
    expect(await db.user.count({ where: { email: 'interrupted@example.com' } })).toBe(1);
  });
});

describe('a SIGTERM', () => {
  it('lets every request in flight finish and commit, writes last uses, closes idle connections and streams, exits 0', async () => {
    const { secret } = await createServiceKey(operatorCatalogue(), 'reports', new Date());
    const app = createTestApp({ clock: new TestClock(new Date()) });
    const token = await app.generateToken(await app.signUp(), { permissions: ['profile:read'] });
    const server = await startServer({
      // Slow sign-ups, one hash at a time: the last one answers well after the signal.
      LATCHKEY_SCRYPT_LOG_N: '14',
      LATCHKEY_PASSWORD_HASHING_CONCURRENCY: '1',
      // Below Node's keep-alive timeout (5 s): a connection left to it would make the exit 1.
      LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS: '4',
    });
    const exited = exitOf(server);
    const base = server.url.replace(/\/graphql$/, '');
    const agent = keepAliveAgent();
    // A connection kept alive after its answer, and a revocation stream: neither may hold the shutdown up.
    expect((await get(`${base}/healthz`, agent)).status).toBe(200);
    const stream = httpRequest(`${base}/oauth/revocations`, {
      headers: { authorization: `Basic ${Buffer.from(`reports:${secret}`).toString('base64')}` },
    }).end();
    const [streamResponse] = (await once(stream, 'response')) as [IncomingMessage];
    expect(streamResponse.statusCode).toBe(200);
    const streamEnded = once(streamResponse, 'end');
    streamResponse.resume();
    // Its last use is batched to be written a moment later: the shutdown must not lose it.
    const used = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.secret}` },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    expect(used.status).toBe(200);

    const emails = ['one', 'two', 'three', 'four'].map((name) => `shutdown-${name}@example.com`);
    const signUps = await Promise.all(emails.map((email) => signUpInFlight(server.url, agent, email)));
    server.process.kill('SIGTERM');
    await printed(server, SHUTTING_DOWN);
    for (const signUp of signUps) signUp.sendBody();

    const answers = await Promise.all(signUps.map((signUp) => signUp.answer));
    expect(answers.map((answer) => JSON.parse(answer.body))).toEqual(
      emails.map((email) => ({ data: { signUp: { __typename: 'SignUpSuccess', user: { email } } } })),
    );
    await streamEnded;
    expect(await exited).toBe(0);
    const stored = await db.user.findMany({ where: { email: { in: emails } }, select: { email: true } });
    expect(stored.map((user) => user.email).sort()).toEqual([...emails].sort());
    const { lastUsedAt } = await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(token.id) } });
    expect(lastUsedAt).not.toBeNull();
  });

  it('answers a request that reaches a busy connection while it drains as not ready, with Connection: close', async () => {
    const server = await startServer({});
    const exited = exitOf(server);
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    const closed = once(socket, 'close');
    const body = JSON.stringify({
      query: SIGN_UP,
      variables: { input: { email: 'pipelined@example.com', password: 'correct horse battery' } },
    });
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    while (!received.includes('100 Continue')) await once(socket, 'data');
    server.process.kill('SIGTERM');
    await printed(server, SHUTTING_DOWN);
    // The body, and right behind it on the same connection, a readiness probe.
    socket.write(`${body}GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await closed;
    const [, signUp = '', probe = ''] = received.split(/(?=HTTP\/1\.1 [2-5]\d\d )/);
    expect(signUp).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(signUp).toContain('"__typename":"SignUpSuccess"');
    expect(probe).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(probe).toMatch(/\r\nConnection: close\r\n/i);
    expect(probe).toContain(JSON.stringify({ status: 'unavailable', reason: 'shutting down' }));
    expect(await exited).toBe(0);
  });

  it('cuts a request that outlives LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS and exits 1', async () => {
    const server = await startServer({ LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS: '1' });
    const exited = exitOf(server);
    // Its body never comes.
    const stuck = await signUpInFlight(server.url, keepAliveAgent(), 'never-finished@example.com');
    server.process.kill('SIGTERM');
    expect(await exited).toBe(1);
    await expect(stuck.answer).rejects.toThrow('socket hang up');
    expect(server.output()).toContain(
      'Requests were still in flight after LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS (1 s): their connections were cut.',
    );
    expect(await db.user.count({ where: { email: 'never-finished@example.com' } })).toBe(0);
  });
});
