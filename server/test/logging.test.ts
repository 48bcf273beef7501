import { afterEach, describe, expect, it } from 'vitest';
import { redact, setLogSink } from '../src/logging/logger.js';
import { createTestApp, deleteMutation, restoreMutation, revokeMutation, withWrongChecksum } from './support/app.js';

afterEach(() => setLogSink(null));

describe('the log', () => {
  it('has one JSON line per request and security event, and no secret, cookie value or password', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const app = createTestApp();
    const password = 'correct horse battery staple';
    const person = await app.signUp(undefined, password);
    const session = { cookie: person.cookie };
    await app.request('mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }', {
      input: { email: person.email, password: 'the wrong password' },
    });
    const cookie = await app.signIn(person);
    const { id, secret } = await app.generateToken(session, { name: 'logged' });
    await app.request('{ viewer { email tokens { totalCount } } }', {}, { token: secret });
    await app.request('{ viewer { id } }', {}, { token: withWrongChecksum(secret) });
    await app.request('{ viewer { id } }', {}, { token: secret, headers: { 'x-request-id': secret } });
    await app.data(revokeMutation, { id }, session);
    await app.request('{ viewer { id } }', {}, { token: secret });
    await app.data(restoreMutation, { id }, session);
    await app.data(revokeMutation, { id }, session);
    await app.data(deleteMutation, { id }, session);
    await app.request(
      'mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }',
      { input: { currentPassword: password, newPassword: 'another long password' } },
      session,
    );
    await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: 'https://evil.example' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });

    const entries = lines.map((line) => JSON.parse(line));
    for (const entry of entries) expect(entry).toMatchObject({ time: expect.any(String), level: expect.any(String) });
    for (const entry of entries.filter(({ event }) => event === 'request'))
      expect(entry.requestId).toEqual(expect.any(String));
    expect(entries.filter((entry) => entry.event === 'request').length).toBeGreaterThanOrEqual(13);
    expect(entries.map((entry) => entry.event)).toEqual(
      expect.arrayContaining(['request', 'csrf_refused', 'sign_in_failed', 'invalid_token']),
    );
    expect(entries.find((entry) => entry.status === 401)).toMatchObject({ event: 'request', path: '/graphql' });

    const log = lines.join('\n');
    for (const forbidden of [
      secret,
      secret.slice(6, 38),
      person.cookie.split('=')[1],
      cookie.split('=')[1],
      password,
      'the wrong password',
      'another long password',
    ]) {
      expect(log).not.toContain(forbidden);
    }
  });

  it('logs an unexpected error with its stack under err, and without the secrets it carries', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const app = createTestApp();
    const person = await app.signUp();
    const { secret } = await app.generateToken({ cookie: person.cookie }, { name: 'leaked in an error' });
    const failure = Object.assign(new Error(`the database refused ${secret}`), {
      query: { authorization: `Bearer ${secret}`, note: `near ${secret}` },
    });
    const failing = createTestApp({
      replacePlugins: (plugins) => [
        ...plugins,
        {
          onExecute() {
            throw failure;
          },
        },
      ],
    });
    const response = await failing.request('{ viewer { id } }', {}, { token: secret });

    expect(response.status).toBe(500);
    const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.event === 'unexpected_error');
    expect(logged).toEqual([
      {
        level: 'error',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        event: 'unexpected_error',
        msg: 'the database refused lkpat_[redacted]',
        err: {
          type: 'Error',
          message: 'the database refused lkpat_[redacted]',
          stack: expect.stringMatching(/^Error: the database refused lkpat_\[redacted\]\n\s+at /),
          query: { authorization: '[redacted]', note: 'near lkpat_[redacted]' },
        },
      },
    ]);
    expect(lines.join('\n')).not.toContain(secret.slice('lkpat_'.length, -6));
  });

  it('redacts credentials by key and anything shaped like a token by value', () => {
    expect(
      redact({
        authorization: 'Bearer lkpat_abc',
        headers: { Cookie: 'latchkey_session=abc', accept: 'application/json' },
        note: 'leaked lkpat_0123456789abcdefghijABCDEFGHIJ0123456789 here',
        password: 'hunter22',
        list: ['lkpat_0123456789abcdef'],
        serviceKey: 'from lksvc_0123456789abcdefghijABCDEFGHIJ0123456789',
      }),
    ).toEqual({
      authorization: '[redacted]',
      headers: { Cookie: '[redacted]', accept: 'application/json' },
      note: 'leaked lkpat_[redacted] here',
      password: '[redacted]',
      list: ['lkpat_[redacted]'],
      serviceKey: 'from lksvc_[redacted]',
    });
  });
});
