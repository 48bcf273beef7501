import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTokenSecret } from '../src/tokens/format.js';
import { createTestApp, type TestApp } from './support/app.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listen(app: TestApp): Promise<number> {
  const server = createServer(app.yoga);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** A POST written byte by byte, since HTTP clients merge or refuse repeated headers before they are sent. */
function rawPost(port: number, headerLines: string[]): Promise<{ status: number; head: string; body: string }> {
  const body = JSON.stringify({ query: '{ viewer { id } }' });
  const request = [
    'POST /graphql HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...headerLines,
    '',
    body,
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = received.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head: head.toLowerCase(), body: rest.join('\r\n\r\n') });
    });
  });
}

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const { secret } = await app.generateToken({ cookie: person.cookie });
  return { app, person, secret, port: await listen(app) };
}

describe('a request with two Authorization headers', () => {
  it('gets the identical 401 over HTTP, whichever of them is valid', async () => {
    const { secret, port } = await setUp();
    const junk = `Bearer ${generateTokenSecret()}`;
    const valid = `Bearer ${secret}`;
    expect((await rawPost(port, [`Authorization: ${valid}`])).status).toBe(200);

    const single = await rawPost(port, [`Authorization: ${junk}`]);
    const answers = [
      await rawPost(port, [`Authorization: ${valid}`, `Authorization: ${junk}`]),
      await rawPost(port, [`Authorization: ${junk}`, `authorization: ${valid}`]),
      await rawPost(port, [`Authorization: ${valid}`, `Authorization: ${valid}`]),
    ];
    expect(single.status).toBe(401);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toBe(single.body);
      expect(answer.head).toContain('www-authenticate: bearer error="invalid_token"');
    }
  });

  it('gets the identical 401 through the Fetch API too, which joins them', async () => {
    const { app, secret } = await setUp();
    const single = await app.request('{ viewer { id } }', {}, { token: generateTokenSecret() });
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('authorization', `Bearer ${secret}`);
    headers.append('authorization', `Bearer ${generateTokenSecret()}`);
    const joined = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: '{ viewer { id } }', variables: {} }),
    });
    expect(joined.status).toBe(401);
    expect(await joined.text()).toBe(single.text);
  });
});

describe('a request with two session cookies', () => {
  const refusal = {
    errors: [{ message: 'The request carries more than one session cookie.', extensions: { code: 'BAD_REQUEST' } }],
  };

  it('is refused with 400 over HTTP, in one Cookie header or two, even when one of them is valid', async () => {
    const { app, person, port } = await setUp();
    const other = await app.signUp();
    expect(JSON.parse((await rawPost(port, [`Cookie: ${person.cookie}`])).body).data.viewer.id).toBe(person.userId);

    for (const cookies of [
      [`Cookie: ${person.cookie}; ${other.cookie}`],
      [`Cookie: theme=dark; ${other.cookie}`, `Cookie: ${person.cookie}`],
      [`Cookie: ${person.cookie}; latchkey_session=planted`],
    ]) {
      const answer = await rawPost(port, cookies);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual(refusal);
    }
  });
});
