import { describe, expect, it } from 'vitest';
import { createVerifier } from '../src/index.js';
import { fakeLatchkeyPerTest } from './support/fake-latchkey-per-test.js';
import { wellFormedToken } from './support/secrets.js';

const fake = fakeLatchkeyPerTest();
const { start, issue } = fake;

describe('createVerifier', () => {
  it('accepts an active token with the permission and describes who it speaks for', async () => {
    const { verifier } = start();
    const { secret, token } = issue('reports:read reports:write');
    expect(await verifier.verify(`Bearer ${secret}`, { permission: 'reports:write' })).toEqual({
      ok: true,
      principal: {
        userId: 'user-1',
        tokenId: token.tokenId,
        permissions: ['reports:read', 'reports:write'],
        expiresAt: new Date(token.exp * 1000),
      },
    });
  });

  it('refuses a token without the permission as insufficient_scope, and an inactive one as invalid_token', async () => {
    const { verifier } = start();
    const { secret } = issue('reports:read');
    expect(await verifier.verify(secret, { permission: 'reports:write' })).toEqual({
      ok: false,
      error: 'insufficient_scope',
    });
    expect(await verifier.verify(wellFormedToken(), { permission: 'reports:read' })).toEqual({
      ok: false,
      error: 'invalid_token',
    });
  });

  it('refuses malformed tokens and bad checksums without asking Latchkey', async () => {
    const { verifier } = start();
    const { secret } = issue();
    const typo = `${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    for (const header of [typo, `Bearer ${typo}`, 'Bearer nonsense', '', undefined, `Basic ${secret}`]) {
      expect(await verifier.verify(header)).toEqual({ ok: false, error: 'invalid_token' });
    }
    expect(fake.latchkey.introspections).toEqual([]);
  });

  it('asks Latchkey once per token while the revocation stream is ready, and on every request before', async () => {
    fake.latchkey.readyOnConnect = false;
    const { verifier, events } = start({ url: `${fake.latchkey.url}/` });
    const { secret } = issue();
    await verifier.verify(secret);
    await verifier.verify(secret);
    expect(fake.latchkey.introspections).toHaveLength(2);

    fake.latchkey.send('ready', '{}');
    await events.until('stream_ready');
    for (let i = 0; i < 5; i++) expect((await verifier.verify(secret)).ok).toBe(true);
    expect(fake.latchkey.introspections).toHaveLength(3);
  });

  it('coalesces concurrent misses for one token into one request', async () => {
    const { verifier } = start();
    const { secret } = issue();
    const other = issue();
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => verifier.verify(secret)),
      verifier.verify(other.secret),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(fake.latchkey.introspections.filter((asked) => asked === secret)).toHaveLength(1);
    expect(fake.latchkey.introspections).toHaveLength(2);
  });

  it('evicts a token as soon as the stream names it', async () => {
    const { verifier, events } = start();
    await events.until('stream_ready');
    const { secret, token } = issue();
    expect((await verifier.verify(secret)).ok).toBe(true);
    expect((await verifier.verify(secret)).ok).toBe(true);
    fake.latchkey.tokens.delete(secret);
    fake.latchkey.invalidate(token.tokenId);
    await events.until('token_invalidated');
    expect(await verifier.verify(secret)).toEqual({ ok: false, error: 'invalid_token' });
    expect(fake.latchkey.introspections).toHaveLength(2);
  });

  it('neither keeps an answer that raced a revocation nor lends it to a request made after the revocation', async () => {
    const { verifier, events } = start();
    await events.until('stream_ready');
    const { secret, token } = issue();
    let deliver: () => void = () => undefined;
    fake.latchkey.introspectionGate = new Promise((resolve) => {
      deliver = resolve;
    });
    // Latchkey answers "active", but the answer is still on its way when the token is revoked.
    const racing = verifier.verify(secret);
    await fake.latchkey.until(() => fake.latchkey.introspections.length === 1);
    fake.latchkey.tokens.delete(secret);
    fake.latchkey.invalidate(token.tokenId);
    await events.until('token_invalidated');
    const afterRevocation = verifier.verify(secret);
    await fake.latchkey.until(() => fake.latchkey.introspections.length === 2);
    deliver();

    expect((await racing).ok).toBe(true);
    expect(await afterRevocation).toEqual({ ok: false, error: 'invalid_token' });
    expect(await verifier.verify(secret)).toEqual({ ok: false, error: 'invalid_token' });
    expect(fake.latchkey.introspections).toHaveLength(3);
  });
});

describe('when Latchkey cannot be asked', () => {
  it('answers unavailable, never valid, when Latchkey cannot be reached and nothing is cached', async () => {
    await fake.latchkey.stop();
    const { verifier } = start();
    expect(await verifier.verify(wellFormedToken())).toEqual({ ok: false, error: 'unavailable' });
  });

  it('gives up on an introspection answer after the timeout', async () => {
    const { verifier, events } = start({ introspectionTimeoutMs: 200 });
    const { secret } = issue();
    fake.latchkey.introspectionGate = new Promise(() => undefined);
    const startedAt = performance.now();
    expect(await verifier.verify(secret)).toEqual({ ok: false, error: 'unavailable' });
    expect(performance.now() - startedAt).toBeLessThan(1500);
    expect(events.seen).toContainEqual({
      type: 'introspection_failed',
      reason: expect.stringMatching(/timeout|abort/i),
    });
  });

  it('serves tokens cached before a disconnection for the grace period only, and caches nothing new meanwhile', async () => {
    const { verifier, events } = start({ disconnectedGraceMs: 400 });
    await events.until('stream_ready');
    const cached = issue();
    expect((await verifier.verify(cached.secret)).ok).toBe(true);
    // Latchkey stays up, but the stream cannot be had.
    fake.latchkey.streamRefusal = { status: 503, retryAfter: '1' };
    fake.latchkey.dropStreams();
    await events.until('stream_lost');
    expect(verifier.streamState).toBe('disconnected');

    expect((await verifier.verify(cached.secret)).ok).toBe(true);
    const fresh = issue();
    expect((await verifier.verify(fresh.secret)).ok).toBe(true);
    expect((await verifier.verify(fresh.secret)).ok).toBe(true);
    expect(fake.latchkey.introspections).toEqual([cached.secret, fresh.secret, fresh.secret]);

    await events.until('grace_over');
    expect((await verifier.verify(cached.secret)).ok).toBe(true);
    expect(fake.latchkey.introspections).toEqual([cached.secret, fresh.secret, fresh.secret, cached.secret]);
  });

  it('refuses as unavailable once the grace period ends while Latchkey is down', async () => {
    const { verifier, events } = start({ disconnectedGraceMs: 300 });
    await events.until('stream_ready');
    const cached = issue();
    expect((await verifier.verify(cached.secret)).ok).toBe(true);
    await fake.latchkey.stop();
    await events.until('stream_lost');
    expect((await verifier.verify(cached.secret)).ok).toBe(true);
    expect(await verifier.verify(issue().secret)).toEqual({ ok: false, error: 'unavailable' });
    await events.until('grace_over');
    expect(await verifier.verify(cached.secret)).toEqual({ ok: false, error: 'unavailable' });
  });

  it('reconnects at once after losing the stream and starts again from an empty cache', async () => {
    const { verifier, events } = start();
    await events.until('stream_ready');
    const { secret } = issue();
    await verifier.verify(secret);
    fake.latchkey.dropStreams();
    await events.until('stream_ready', 2);
    const [first = 0, second = Number.POSITIVE_INFINITY] = fake.latchkey.streamAttempts;
    expect(second - first).toBeLessThan(500);
    expect(verifier.streamState).toBe('ready');
    await verifier.verify(secret);
    expect(fake.latchkey.introspections).toEqual([secret, secret]);
  });

  it('waits as long as Retry-After says before trying again', async () => {
    const { events } = start();
    await events.until('stream_ready');
    fake.latchkey.streamRefusal = { status: 503, retryAfter: '1' };
    fake.latchkey.dropStreams();
    await fake.latchkey.until(() => fake.latchkey.streamAttempts.length === 2);
    fake.latchkey.streamRefusal = null;
    await events.until('stream_ready', 2);
    const [first, refused, accepted] = fake.latchkey.streamAttempts as [number, number, number];
    expect(refused - first).toBeLessThan(500);
    expect(accepted - refused).toBeGreaterThanOrEqual(950);
    expect(events.seen).toContainEqual({ type: 'stream_lost', reason: 'the revocation stream answered HTTP 503' });
  });

  it('takes a stream that stays silent past the limit for lost', async () => {
    const { events } = start({ streamSilenceLimitMs: 300 });
    await events.until('stream_lost');
    expect(events.seen).toContainEqual({
      type: 'stream_lost',
      reason: 'the revocation stream was silent for 300 ms',
    });
  });

  it('says so when Latchkey refuses the service key', async () => {
    fake.latchkey.streamRefusal = { status: 401 };
    const { events } = start();
    await events.until('stream_lost');
    expect(events.seen[0]).toEqual({
      type: 'stream_lost',
      reason: 'the revocation stream answered HTTP 401: Latchkey refused the service id or key',
    });
  });
});

describe('configuration and closing', () => {
  it('refuses a malformed service key at once', () => {
    expect(() => createVerifier({ url: fake.latchkey.url, serviceId: 'reports', serviceKey: 'lksvc_nope' })).toThrow(
      /service key/,
    );
  });

  it('closes its stream, and refuses as unavailable afterwards', async () => {
    const { verifier, events } = start();
    await events.until('stream_ready');
    await verifier.close();
    expect(verifier.streamState).toBe('closed');
    expect(await verifier.verify(issue().secret)).toEqual({ ok: false, error: 'unavailable' });
    await expect.poll(() => fake.latchkey.streams.size).toBe(0);
    expect(fake.latchkey.introspections).toEqual([]);
  });
});
