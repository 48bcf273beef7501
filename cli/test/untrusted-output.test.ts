import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type IssuedToken, TestAccount } from './support/accounts.js';
import { runLatchkey } from './support/run-latchkey.js';

// Sets the window title, clears the screen, colours text, and reverses what follows; C1 forms too.
const HOSTILE_NAME = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mevil\u001b[0m \u202Efdp.exe\u009b2J\u0085!';
const SHOWN_NAME = 'evil fdp.exe!';
const PLACEHOLDER = 'hostile-name-placeholder';
// Anything a terminal acts on rather than shows; line feeds are the CLI's own.
const TERMINAL_CONTROL = /[^\P{Cc}\n]|\p{Bidi_Control}/u;

/**
 * The real API behind a relay that puts a hostile text where `placeholder` was (by default a token's
 * name), as a malicious or compromised server would: the API itself refuses such names.
 */
async function startHostileRelay(host: string, placeholder = PLACEHOLDER) {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const upstream = await fetch(inject('latchkeyUrl'), {
        method: request.method ?? 'POST',
        headers: {
          'content-type': request.headers['content-type'] ?? 'application/json',
          accept: request.headers.accept ?? 'application/json',
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        },
        body: Buffer.concat(chunks),
      });
      const body = (await upstream.text()).replaceAll(placeholder, JSON.stringify(HOSTILE_NAME).slice(1, -1));
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('The relay has no address');
  return {
    url: `http://${host}:${address.port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const nonLoopbackAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === 'IPv4')?.address;

describe('text from the server', () => {
  let relay: Awaited<ReturnType<typeof startHostileRelay>>;
  let caller: IssuedToken;
  let hostile: IssuedToken;

  beforeAll(async () => {
    relay = await startHostileRelay('127.0.0.1');
    const account = await TestAccount.signUp();
    hostile = await account.issueToken(PLACEHOLDER);
    caller = await account.issueToken('caller');
  });
  afterAll(() => relay.close());

  const run = (args: string[]) =>
    runLatchkey([...args, '--url', relay.url], { environment: { LATCHKEY_TOKEN: caller.secret } });

  it('shows a hostile token name in a table without escape sequences, controls or bidi controls', async () => {
    const listed = await run(['tokens', 'list']);

    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(listed.stdout).toContain(SHOWN_NAME);
    expect(listed.stderr).toBe('');
  });

  it('shows it in fields and messages without them either', async () => {
    const whoami = await runLatchkey(['whoami', '--url', relay.url], {
      environment: { LATCHKEY_TOKEN: hostile.secret },
    });
    expect(whoami.exitCode).toBe(0);
    expect(whoami.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(whoami.stdout).toContain(SHOWN_NAME);

    const revoked = await run(['tokens', 'revoke', hostile.id]);
    expect(revoked.exitCode).toBe(0);
    expect(revoked.stdout).toBe(`Revoked token "${SHOWN_NAME}".\n`);
  });

  it('shows a hostile permission description in the catalogue without them either', async () => {
    // A description the test server's catalogue (support/catalogue.json) declares.
    const catalogueRelay = await startHostileRelay('127.0.0.1', 'Read dashboards.');
    try {
      const listed = await runLatchkey(['permissions', '--url', catalogueRelay.url], {
        environment: { LATCHKEY_TOKEN: caller.secret },
      });

      expect(listed.exitCode).toBe(0);
      expect(listed.stdout).not.toMatch(TERMINAL_CONTROL);
      // Padded to the longest permission name in the catalogue.
      expect(listed.stdout).toMatch(/\n {2}metrics:read +evil fdp\.exe!\n/);
    } finally {
      await catalogueRelay.close();
    }
  });

  it('keeps --json exact: the same name once parsed, with the dangerous characters escaped', async () => {
    const listed = await run(['tokens', 'list', '--json']);

    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).not.toMatch(TERMINAL_CONTROL);
    const names = JSON.parse(listed.stdout).tokens.map((token: { name: string }) => token.name);
    expect(names).toContain(HOSTILE_NAME);
  });
});

describe('the connection', () => {
  it.skipIf(nonLoopbackAddress === undefined)(
    'warns once when the token would travel over plain http to another host',
    async () => {
      const relay = await startHostileRelay(nonLoopbackAddress as string);
      try {
        const account = await TestAccount.signUp();
        const token = await account.issueToken('over the network');
        const listed = await runLatchkey(['tokens', 'list', '--url', relay.url], {
          environment: { LATCHKEY_TOKEN: token.secret },
        });

        expect(listed.exitCode).toBe(0);
        expect(listed.stderr).toBe(
          `latchkey: warning: ${relay.url} is plain http to another host: the token crosses the network ` +
            'unencrypted; use https\n',
        );
      } finally {
        await relay.close();
      }
    },
  );

  it('does not warn about plain http to this machine', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('local');
    const local = await runLatchkey(['whoami'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(inject('latchkeyUrl')).toMatch(/^http:\/\/(127\.0\.0\.1|localhost)[:/]/);
    expect(local.exitCode).toBe(0);
    expect(local.stderr).toBe('');
  });

  it.each([
    ['whoami', ['whoami', '--url', 'http://alice:s3cret@127.0.0.1:9/graphql']],
    ['login', ['login', '--url', 'http://alice:s3cret@127.0.0.1:9/graphql']],
    ['an unparsable URL', ['whoami', '--url', 'http://alice:s3cret@exa mple/graphql']],
  ])('never prints credentials written into --url (%s)', async (_case, args) => {
    const refused = await runLatchkey(args, { input: 'lkpat_notarealtoken\n' });

    expect(refused.exitCode).toBe(2);
    expect(refused.stdout + refused.stderr).not.toMatch(/alice|s3cret/);
  });

  it('says what to do instead of a URL with credentials', async () => {
    const refused = await runLatchkey(['whoami', '--url', 'http://alice:s3cret@127.0.0.1:9/graphql']);

    expect(refused.stderr).toBe(
      'latchkey: --url must not contain a user name or password (the token is the credential): ' +
        'use http://127.0.0.1:9/graphql\n',
    );
  });
});
