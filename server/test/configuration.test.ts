import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfiguration, repositoryRoot } from '../src/config.js';
import { StartFailure } from '../src/lifecycle/start-failure.js';
import { testDatabaseUrl } from './support/database.js';
import { runServerUntilExit } from './support/server-process.js';

describe('a wrong environment variable', () => {
  it.each([
    [{ PORT: 'abc' }, 'Invalid PORT "abc": not a whole number; expected a port number from 0 to 65535.'],
    [{ PORT: '99999' }, 'Invalid PORT "99999": out of range; expected a port number from 0 to 65535.'],
    [{ PORT: '-1' }, 'Invalid PORT "-1": not a whole number; expected a port number from 0 to 65535.'],
    ...['1.5', 'yes', 'TRUE', 'loopback', '10.0.0.0/8'].map((value) => [
      { LATCHKEY_TRUST_PROXY: value },
      `Invalid LATCHKEY_TRUST_PROXY "${value}": not accepted; expected "true" (one proxy), "false" (none) or the number of proxies in front (0, 1, 2, …).`,
    ]),
    ...['notaurl', 'ftp://tokens.example.com', 'tokens.example.com'].map((value) => [
      { LATCHKEY_PUBLIC_URL: value },
      `Invalid LATCHKEY_PUBLIC_URL "${value}": not an http:// or https:// URL; expected the address people use, e.g. https://tokens.example.com.`,
    ]),
    [
      { LATCHKEY_SCRYPT_LOG_N: '40' },
      'Invalid LATCHKEY_SCRYPT_LOG_N "40": out of range; expected an exponent from 10 to 20 (OWASP\'s cost is 17).',
    ],
    [
      { LATCHKEY_MAX_BODY_BYTES: '0' },
      'Invalid LATCHKEY_MAX_BODY_BYTES "0": out of range; expected a whole number of bytes, at least 1.',
    ],
    [
      { LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS: '0' },
      'Invalid LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS "0": out of range; expected a whole number of seconds from 1 to 3600.',
    ],
    [
      { LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS: '10s' },
      'Invalid LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS "10s": not a whole number; expected a whole number of seconds from 1 to 3600.',
    ],
    [{ LATCHKEY_LOG: 'xml' }, 'Invalid LATCHKEY_LOG "xml": not accepted; expected "json" or "pretty" or "off".'],
    [
      { LATCHKEY_LOG_LEVEL: 'verbose' },
      'Invalid LATCHKEY_LOG_LEVEL "verbose": not accepted; expected "trace" or "debug" or "info" or "warn" or "error" or "fatal".',
    ],
    ...['garbage', 'mysql://root:hunter2@db.example.com/latchkey'].map((value) => [
      { DATABASE_URL: value },
      'Invalid DATABASE_URL: not a file: or postgresql:// URL; expected file:PATH (SQLite) or postgresql://USER@HOST:PORT/DATABASE (PostgreSQL).',
    ]),
  ] as [Record<string, string>, string][])('stops the start with exit code 78 and one line: %o', async (env, line) => {
    const { code, output } = await runServerUntilExit(env);
    expect(code).toBe(78);
    expect(output).toBe(`${line}\n`);
  });

  it('names every wrong variable, one line each, and shows no password', async () => {
    const { code, output } = await runServerUntilExit({
      PORT: 'abc',
      LATCHKEY_LOG: 'xml',
      DATABASE_URL: 'postgres:/root:hunter2@db',
    });
    expect(code).toBe(78);
    expect(output.split('\n')).toEqual([
      'Invalid PORT "abc": not a whole number; expected a port number from 0 to 65535.',
      expect.stringMatching(/^Invalid DATABASE_URL: not a file: or postgresql:\/\/ URL/),
      'Invalid LATCHKEY_LOG "xml": not accepted; expected "json" or "pretty" or "off".',
      '',
    ]);
    expect(output).not.toContain('hunter2');
  });
});

describe('the accepted values', () => {
  it.each([
    ['true', 1],
    ['false', 0],
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['', 0],
  ])('of LATCHKEY_TRUST_PROXY: "%s" is %i proxies', (value, hops) => {
    expect(parseConfiguration({ LATCHKEY_TRUST_PROXY: value }).LATCHKEY_TRUST_PROXY).toBe(hops);
  });

  it('default every unset or empty variable', () => {
    const defaults = parseConfiguration({ PORT: '', LATCHKEY_PUBLIC_URL: '' });
    expect(defaults).toMatchObject({
      PORT: 4000,
      HOST: 'localhost',
      DATABASE_URL: `file:${path.join(repositoryRoot, 'data/latchkey.db')}`,
      LATCHKEY_LOG: 'json',
      LATCHKEY_LOG_LEVEL: 'info',
      LATCHKEY_SCRYPT_LOG_N: 17,
      LATCHKEY_MAX_BODY_BYTES: 1024 * 1024,
      LATCHKEY_TRUST_PROXY: 0,
      LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS: 10,
      LATCHKEY_DATABASE_WAIT_SECONDS: 30,
    });
    expect(defaults.LATCHKEY_PUBLIC_URL).toBeUndefined();
  });

  it('take a public URL without its trailing slashes, and a relative database file from where the command ran', () => {
    const configured = parseConfiguration({
      LATCHKEY_PUBLIC_URL: 'https://tokens.example.com//',
      DATABASE_URL: 'file:data/here.db',
      INIT_CWD: '/srv/latchkey',
      PORT: '0',
    });
    expect(configured.LATCHKEY_PUBLIC_URL).toBe('https://tokens.example.com');
    expect(configured.PORT).toBe(0);
    expect(configured.DATABASE_URL).toBe('file:/srv/latchkey/data/here.db');
  });

  it('are checked by one schema that fails with exit code 78', () => {
    expect(() => parseConfiguration({ PORT: 'abc' })).toThrow(StartFailure);
    try {
      parseConfiguration({ PORT: 'abc' });
    } catch (failure) {
      expect((failure as StartFailure).exitCode).toBe(78);
    }
  });
});

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const holder = createServer().listen(0, '127.0.0.1');
  await once(holder, 'listening');
  const { port } = holder.address() as AddressInfo;
  await new Promise((resolve) => holder.close(resolve));
  return port;
}

describe('a start that cannot get what it needs', () => {
  it('retries an unreachable PostgreSQL with backoff, saying so, then exits 69', async () => {
    const port = await closedPort();
    const { code, output } = await runServerUntilExit({
      DATABASE_URL: `postgresql://postgres:secret@127.0.0.1:${port}/latchkey`,
      LATCHKEY_DATABASE_WAIT_SECONDS: '1',
    });
    expect(code).toBe(69);
    const lines = output.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.slice(0, 2)).toEqual([
      `PostgreSQL at 127.0.0.1:${port}/latchkey is unreachable (connect ECONNREFUSED 127.0.0.1:${port}); retrying in 0.25 s.`,
      `PostgreSQL at 127.0.0.1:${port}/latchkey is unreachable (connect ECONNREFUSED 127.0.0.1:${port}); retrying in 0.5 s.`,
    ]);
    expect(lines.at(-1)).toBe(
      `PostgreSQL at 127.0.0.1:${port}/latchkey is still unreachable after 1 s (LATCHKEY_DATABASE_WAIT_SECONDS): connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(output).not.toContain('secret');
  });

  it('logs why as one JSON line at level fatal when the log is on, and exits 69', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as AddressInfo;
    try {
      const { code, output } = await runServerUntilExit({
        DATABASE_URL: testDatabaseUrl,
        PORT: String(port),
        LATCHKEY_LOG: 'json',
      });
      expect(code).toBe(69);
      expect(
        output
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line))
          .at(-1),
      ).toEqual({
        level: 'fatal',
        time: expect.any(String),
        event: 'start_failed',
        exitCode: 69,
        msg: `Cannot listen: port ${port} on 127.0.0.1 is already in use (set PORT or HOST to another).`,
      });
    } finally {
      holder.close();
    }
  });

  it('says in one line that its port is taken, and exits 69', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as AddressInfo;
    try {
      const { code, output } = await runServerUntilExit({ DATABASE_URL: testDatabaseUrl, PORT: String(port) });
      expect(code).toBe(69);
      expect(output).toBe(
        `Cannot listen: port ${port} on 127.0.0.1 is already in use (set PORT or HOST to another).\n`,
      );
    } finally {
      holder.close();
    }
  });
});
