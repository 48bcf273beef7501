import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import {
  type AddressInfo,
  connect,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db.js';
import { endRevocationStreams, openRevocationStreamCount } from '../src/http/revocation-stream.js';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { createServiceKey, revokeServiceKey } from '../src/services/service-keys.js';
import { type InvalidationListener, listenForTokenInvalidations } from '../src/tokens/invalidation.js';
import { tokenVerifier } from '../src/tokens/verification.js';
import {
  createTestApp,
  deleteMutation,
  restoreMutation,
  revokeMutation,
  TestClock,
  withWrongChecksum,
} from './support/app.js';
import { testDatabaseUrl, testEngine } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';
import { basic, serviceEndpointsAt } from './support/service-http.js';

// The revocation stream the operator's services hold open, over real HTTP, mounted as index.ts mounts it. Keepalives
// (and with them the service key's re-check) come every 50 ms here instead of every 15 s.
const KEEPALIVE_MS = 50;
const clock = new TestClock();
const endpoints = serviceEndpointsAt(clock, { revocationKeepaliveMs: KEEPALIVE_MS });

interface Message {
  event: string | null;
  data: string | null;
  retry: string | null;
  comment: string | null;
}

function parseMessage(block: string): Message {
  const message: Message = { event: null, data: null, retry: null, comment: null };
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (field === '') message.comment = value;
    else if (field === 'event' || field === 'data' || field === 'retry') message[field] = value;
  }
  return message;
}

interface Stream {
  status: number;
  headers: IncomingMessage['headers'];
  /** Everything received so far, as sent. */
  text: () => string;
  messages: Message[];
  ended: () => boolean;
  /** The next message (after the last one returned) that `matches`, waiting for it up to 5 s. */
  next: (matches: (message: Message) => boolean, what: string) => Promise<Message>;
  /** Waits up to 5 s for the server to end the stream. */
  end: () => Promise<void>;
  disconnect: () => void;
}

const clientRequests = new Set<ClientRequest>();
// Every test leaves no stream behind, on either side.
afterEach(async () => {
  for (const request of clientRequests) request.destroy();
  clientRequests.clear();
  await vi.waitFor(() => expect(openRevocationStreamCount()).toBe(0));
});

/** A request to the stream, answered once the status and headers arrive; a body other than a stream is read whole. */
function openStream(
  headers: Record<string, string>,
  { method = 'GET', url = endpoints.base() }: { method?: string; url?: string } = {},
): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${url}/oauth/revocations`, { method, headers }, (incoming) => {
      let text = '';
      let parsedUpTo = 0;
      let ended = false;
      let nextIndex = 0;
      const messages: Message[] = [];
      const stream: Stream = {
        status: incoming.statusCode ?? 0,
        headers: incoming.headers,
        text: () => text,
        messages,
        ended: () => ended,
        next: (matches, what) =>
          vi.waitFor(
            () => {
              const index = messages.findIndex((message, at) => at >= nextIndex && matches(message));
              if (index === -1) throw new Error(`no ${what} on the stream; it carried:\n${text}`);
              nextIndex = index + 1;
              return messages[index] as Message;
            },
            { timeout: 5000, interval: 5 },
          ),
        end: () =>
          vi.waitFor(
            () => {
              if (!ended) throw new Error(`the stream is still open; it carried:\n${text}`);
            },
            { timeout: 5000, interval: 5 },
          ),
        disconnect: () => outgoing.destroy(),
      };
      incoming.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        let boundary = text.indexOf('\n\n', parsedUpTo);
        while (incoming.statusCode === 200 && boundary !== -1) {
          messages.push(parseMessage(text.slice(parsedUpTo, boundary)));
          parsedUpTo = boundary + 2;
          boundary = text.indexOf('\n\n', parsedUpTo);
        }
      });
      const onEnd = () => {
        ended = true;
      };
      incoming.on('end', onEnd);
      incoming.on('close', onEnd);
      incoming.on('error', onEnd);
      if (incoming.statusCode === 200) resolve(stream);
      else incoming.on('end', () => resolve(stream));
    });
    clientRequests.add(outgoing);
    outgoing.on('error', (error) => (clientRequests.has(outgoing) ? reject(error) : undefined));
    outgoing.end();
  });
}

const isReady = (message: Message) => message.event === 'ready';
const invalidates = (tokenId: string) => (message: Message) =>
  message.event === 'invalidated' && JSON.parse(message.data ?? '{}').token_id === tokenId;

/** A stream that has said `ready`, so everything invalidated from now on reaches it. */
async function readyStream(authorization: string, url = endpoints.base()): Promise<Stream> {
  const stream = await openStream({ Authorization: authorization }, { url });
  expect(stream.status, stream.text()).toBe(200);
  await stream.next(isReady, 'ready');
  return stream;
}

/** The `token_id` the introspection endpoint gives `reports` for a token. */
async function introspectedTokenId(secret: string, key: string, url = endpoints.base()): Promise<string> {
  const response = await fetch(`${url}/oauth/introspect`, {
    method: 'POST',
    headers: { Authorization: basic('reports', key), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: secret }),
  });
  const answer = await response.json();
  expect(answer.active).toBe(true);
  return answer.token_id;
}

async function setUp() {
  const app = createTestApp({ clock });
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const reportsKey = await createServiceKey(operatorCatalogue(), 'reports', clock.now());
  const reports = basic('reports', reportsKey.secret);
  const reader = await app.generateToken(session, { name: 'reader', permissions: ['reports:read'] });
  return { app, person, session, reportsKey, reports, reader };
}

describe('the revocation stream', () => {
  it('says ready first, as an unbuffered, uncached event stream with our API headers', async () => {
    const { reports } = await setUp();
    const stream = await readyStream(reports);
    expect(stream.text().startsWith('retry: 1000\n\nevent: ready\ndata: {}\n\n')).toBe(true);
    expect(stream.messages.slice(0, 2)).toEqual([
      { event: null, data: null, retry: '1000', comment: null },
      { event: 'ready', data: '{}', retry: null, comment: null },
    ]);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect(stream.headers['x-content-type-options']).toBe('nosniff');
    expect(stream.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(stream.ended()).toBe(false);
  });

  it('announces a revoked token by the token_id introspection gave for it', async () => {
    const { app, session, reports, reportsKey, reader } = await setUp();
    const tokenId = await introspectedTokenId(reader.secret, reportsKey.secret);
    expect(tokenId).toBe(reader.id);
    const stream = await readyStream(reports);
    await app.data(revokeMutation, { id: reader.id }, session);
    const announced = await stream.next(invalidates(tokenId), `invalidated ${tokenId}`);
    expect(announced.data).toBe(JSON.stringify({ token_id: tokenId }));
  });

  it('announces a restored and a deleted token as well', async () => {
    const { app, session, reports, reader } = await setUp();
    const stream = await readyStream(reports);
    for (const mutation of [revokeMutation, restoreMutation, revokeMutation, deleteMutation]) {
      await app.data(mutation, { id: reader.id }, session);
      await stream.next(invalidates(reader.id), `invalidated ${reader.id}`);
    }
  });

  it('announces every token a password change revokes', async () => {
    const { app, person, session, reports, reader } = await setUp();
    const writer = await app.generateToken(session, { name: 'writer', permissions: ['reports:write'] });
    const stream = await readyStream(reports);
    const changed = await app.data(
      `mutation ($input: ChangePasswordInput!) {
        changePassword(input: $input) { ... on ChangePasswordSuccess { revokedTokenCount } }
      }`,
      { input: { currentPassword: person.password, newPassword: 'a brand new password', revokeAllTokens: true } },
      session,
    );
    expect(changed.changePassword.revokedTokenCount).toBe(2);
    for (const token of [reader, writer]) await stream.next(invalidates(token.id), `invalidated ${token.id}`);
  });

  it('announces a rotated token; introspection then gives the replaced secret its overlap end as expiry, then refuses it', async () => {
    const { app, session, reports, reportsKey, reader } = await setUp();
    const introspect = async (secret: string) => {
      const response = await fetch(`${endpoints.base()}/oauth/introspect`, {
        method: 'POST',
        headers: { Authorization: reports, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: secret }),
      });
      return response.json();
    };
    expect(await introspectedTokenId(reader.secret, reportsKey.secret)).toBe(reader.id);
    const stream = await readyStream(reports);
    const rotated = await app.data(
      `mutation ($id: ID!) {
        rotateToken(id: $id, overlap: ONE_HOUR) { ... on RotateTokenSuccess { secret token { previousSecretValidUntil } } }
      }`,
      { id: reader.id },
      session,
    );
    await stream.next(invalidates(reader.id), `invalidated ${reader.id} on rotation`);
    const overlapEnd = new Date(rotated.rotateToken.token.previousSecretValidUntil).getTime() / 1000;
    // A service that dropped the token on the event and asks again learns when the replaced secret ends.
    expect(await introspect(reader.secret)).toMatchObject({ active: true, token_id: reader.id, exp: overlapEnd });
    expect((await introspect(rotated.rotateToken.secret)).exp).toBeGreaterThan(overlapEnd);
    clock.advance(60 * 60 * 1000);
    expect(await introspect(reader.secret)).toEqual({ active: false });
    expect(await introspect(rotated.rotateToken.secret)).toMatchObject({ active: true, token_id: reader.id });
  });

  it('refuses a service that does not prove who it is as introspection does, and any method but GET', async () => {
    const { reportsKey } = await setUp();
    const billingKey = await createServiceKey(operatorCatalogue(), 'billing', clock.now());
    const introspection = await fetch(`${endpoints.base()}/oauth/introspect`, {
      method: 'POST',
      headers: { Authorization: basic('reports', billingKey.secret) },
    });
    const refusedBody = await introspection.text();
    expect(introspection.status).toBe(401);
    const refusals: Record<string, string>[] = [
      { Authorization: basic('reports', billingKey.secret) },
      { Authorization: basic('billing', reportsKey.secret) },
      { Authorization: basic('reports', withWrongChecksum(reportsKey.secret)) },
      { Authorization: basic('latchkey', reportsKey.secret) },
      { Authorization: `Bearer ${reportsKey.secret}` },
      {},
    ];
    for (const headers of refusals) {
      const refused = await openStream(headers);
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toBe(introspection.headers.get('www-authenticate'));
      expect(refused.text()).toBe(refusedBody);
      expect(JSON.parse(refused.text())).toEqual({ error: 'invalid_client' });
    }
    const posted = await openStream({ Authorization: basic('reports', reportsKey.secret) }, { method: 'POST' });
    expect(posted.status).toBe(405);
    expect(posted.headers.allow).toBe('GET');
    expect(openRevocationStreamCount()).toBe(0);
  });

  it('sends keepalives, and ends the stream at the next one once its service key is revoked', async () => {
    const { reports, reportsKey } = await setUp();
    const stream = await readyStream(reports);
    const isKeepalive = (message: Message) => message.comment === 'keepalive';
    await stream.next(isKeepalive, 'keepalive');
    await stream.next(isKeepalive, 'second keepalive');
    expect(stream.ended()).toBe(false);
    await revokeServiceKey(reportsKey.key.id, clock.now());
    await stream.end();
    expect((await openStream({ Authorization: reports })).status).toBe(401);
  });

  it('forgets a stream whose client disconnects', async () => {
    const { reports } = await setUp();
    const stream = await readyStream(reports);
    expect(openRevocationStreamCount()).toBe(1);
    stream.disconnect();
    await vi.waitFor(() => expect(openRevocationStreamCount()).toBe(0));
  });

  it('forgets a client that left while it was being authenticated', async () => {
    // A key's first use is written to the database: the client's departure arrives while that write is awaited.
    const fresh = async () =>
      basic('reports', (await createServiceKey(operatorCatalogue(), 'reports', clock.now())).secret);
    for (let attempt = 0; attempt < 5; attempt++) {
      const outgoing = httpRequest(`${endpoints.base()}/oauth/revocations`, {
        headers: { Authorization: await fresh() },
      });
      outgoing.on('error', () => undefined);
      outgoing.end(() => outgoing.destroy());
    }
    // Sent after them along the same path, so by its `ready` they have been dealt with.
    await readyStream(await fresh());
    expect(openRevocationStreamCount()).toBe(1);
  });

  it('ends every open stream on request (before a shutdown), and opens new ones afterwards', async () => {
    const { reports } = await setUp();
    const billingKey = await createServiceKey(operatorCatalogue(), 'billing', clock.now());
    const streams = [await readyStream(reports), await readyStream(basic('billing', billingKey.secret))];
    expect(openRevocationStreamCount()).toBe(2);
    endRevocationStreams();
    for (const stream of streams) await stream.end();
    expect(openRevocationStreamCount()).toBe(0);
    await readyStream(reports);
    expect(openRevocationStreamCount()).toBe(1);
  });
});

/** A TCP relay to PostgreSQL that can refuse new connections, to hold a listener off while it is down. */
async function startRelay(target: URL) {
  let refusing = false;
  const sockets = new Set<Socket>();
  const relay: TcpServer = createTcpServer((client) => {
    if (refusing) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((relay.address() as AddressInfo).port);
  return {
    url: url.toString(),
    refuse: (value: boolean) => {
      refusing = value;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

// This test process is replica B: its streams hear of token changes only through its invalidation listener, which
// reaches PostgreSQL through a relay the tests can cut. Replica A is the real server in a process of its own.
describe.runIf(testEngine === 'postgresql')('the revocation stream across replicas on PostgreSQL', () => {
  let replicaA: RunningServer;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let listener: InvalidationListener;

  beforeAll(async () => {
    relay = await startRelay(new URL(testDatabaseUrl));
    [replicaA, listener] = await Promise.all([
      startServerProcess({ DATABASE_URL: testDatabaseUrl }),
      listenForTokenInvalidations(relay.url),
    ]);
  });

  afterAll(async () => {
    await Promise.all([replicaA?.stop(), listener?.close()]);
    await relay?.close();
    // Closing the listener stopped the verifier's caching, as a replica shutting down does; other files' tests start
    // fresh processes, but this one's remaining tests should find the verifier as they found it.
    tokenVerifier.startCaching();
  });

  async function callA(query: string, variables: object, cookie?: string) {
    const response = await fetch(replicaA.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    expect(body.errors, JSON.stringify(body)).toBeUndefined();
    return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', data: body.data };
  }

  /** A person and a token of the reports service, made on replica A. */
  async function tokenOnA() {
    const signedUp = await callA('mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }', {
      input: { email: `stream-${Math.random().toString(36).slice(2)}@example.com`, password: 'correct horse battery' },
    });
    const { data } = await callA(
      `mutation ($input: GenerateTokenInput!) {
        generateToken(input: $input) { ... on GenerateTokenSuccess { secret token { id } } }
      }`,
      { input: { name: 'replicated', expiration: 'DAYS_30', permissions: ['reports:read'] } },
      signedUp.cookie,
    );
    return { cookie: signedUp.cookie, secret: data.generateToken.secret as string, id: data.generateToken.token.id };
  }

  const revokeOnA = (token: { id: string; cookie: string }) => callA(revokeMutation, { id: token.id }, token.cookie);

  it('announces on replica B a token revoked on replica A', async () => {
    const reportsKey = await createServiceKey(operatorCatalogue(), 'reports', clock.now());
    const token = await tokenOnA();
    const tokenId = await introspectedTokenId(token.secret, reportsKey.secret);
    const stream = await readyStream(basic('reports', reportsKey.secret));
    await revokeOnA(token);
    await stream.next(invalidates(tokenId), `invalidated ${tokenId} from replica A`);
  });

  it('ends B’s streams when its listener is lost, refuses new ones with 503 until it listens again', async () => {
    const reportsKey = await createServiceKey(operatorCatalogue(), 'reports', clock.now());
    const reports = basic('reports', reportsKey.secret);
    const streams = [await readyStream(reports), await readyStream(reports)];
    const droppedPid = listener.pid();
    expect(droppedPid).toBeGreaterThan(0);

    relay.refuse(true);
    await db.$queryRawUnsafe('SELECT pg_terminate_backend($1::int)', droppedPid);
    for (const stream of streams) await stream.end();
    expect(openRevocationStreamCount()).toBe(0);
    const refused = await openStream({ Authorization: reports });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused.text())).toEqual({ error: 'temporarily_unavailable' });
    expect(openRevocationStreamCount()).toBe(0);

    relay.refuse(false);
    await vi.waitFor(() => expect(listener.pid()).not.toBeNull(), { timeout: 15_000, interval: 20 });
    expect(listener.pid()).not.toBe(droppedPid);
    const stream = await readyStream(reports);
    const token = await tokenOnA();
    await revokeOnA(token);
    await stream.next(invalidates(token.id), `invalidated ${token.id} after B listens again`);
  });
});
