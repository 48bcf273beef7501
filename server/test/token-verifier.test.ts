import { describe, expect, it } from 'vitest';
import { generateTokenSecret } from '../src/tokens/format.js';
import { findTokenByDigest, TokenVerifier } from '../src/tokens/verification.js';
import { createTestApp, localId, revokeMutation } from './support/app.js';

function countingVerifier(ttlMs = 60_000) {
  let lookups = 0;
  const verifier = new TokenVerifier({
    ttlMs,
    maxEntries: 2,
    findByDigest: (digest, now) => {
      lookups++;
      return findTokenByDigest(digest, now);
    },
  });
  return { verifier, lookups: () => lookups, run: <T>(body: () => Promise<T>) => body() };
}

describe('token verifier', () => {
  it('rejects a token with a wrong checksum without asking the database', async () => {
    const { verifier, lookups, run } = countingVerifier();
    const secret = generateTokenSecret();
    const tampered = `${secret.slice(0, 10)}${secret[10] === 'x' ? 'y' : 'x'}${secret.slice(11)}`;
    await run(async () => {
      expect(await verifier.verify(tampered, new Date(), null)).toBeNull();
      expect(await verifier.verify('lkpat_short', new Date(), null)).toBeNull();
    });
    expect(lookups()).toBe(0);
  });

  it('asks the database once, then answers from its cache', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { secret } = await app.generateToken({ cookie: person.cookie });
    const { verifier, lookups, run } = countingVerifier();
    await run(async () => {
      for (let i = 0; i < 5; i++) expect(await verifier.verify(secret, app.clock.now(), null)).not.toBeNull();
    });
    expect(lookups()).toBe(1);
  });

  it('asks the database again once an entry is older than its time to live', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { secret } = await app.generateToken({ cookie: person.cookie });
    const { verifier, lookups, run } = countingVerifier(0);
    await run(async () => {
      await verifier.verify(secret, app.clock.now(), null);
      await verifier.verify(secret, app.clock.now(), null);
    });
    expect(lookups()).toBe(2);
  });

  it('holds no more entries than its bound', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++) secrets.push((await app.generateToken({ cookie: person.cookie })).secret);
    const { verifier, lookups, run } = countingVerifier();
    await run(async () => {
      for (const secret of secrets) await verifier.verify(secret, app.clock.now(), null);
      await verifier.verify(secrets[0] as string, app.clock.now(), null);
    });
    expect(lookups()).toBe(4);
  });

  it('does not cache a token that was forgotten while it was being loaded', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { secret, id } = await app.generateToken({ cookie: person.cookie });
    const { verifier, lookups, run } = countingVerifier();
    await run(async () => {
      const pending = verifier.verify(secret, app.clock.now(), null);
      verifier.forget(localId(id));
      await pending;
      await verifier.verify(secret, app.clock.now(), null);
    });
    expect(lookups()).toBe(2);
  });

  it('remembers a revoked token as refused until it is forgotten', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { secret, id } = await app.generateToken({ cookie: person.cookie });
    await app.data(revokeMutation, { id }, { cookie: person.cookie });
    const { verifier, lookups } = countingVerifier();
    expect(await verifier.verify(secret, app.clock.now(), null)).toBeNull();
    expect(await verifier.verify(secret, app.clock.now(), null)).toBeNull();
    expect(lookups()).toBe(1);
    verifier.forget(localId(id));
    await verifier.verify(secret, app.clock.now(), null);
    expect(lookups()).toBe(2);
  });

  it('remembers a well-formed unknown token as refused', async () => {
    const { verifier, lookups } = countingVerifier();
    const unknown = generateTokenSecret();
    for (let i = 0; i < 3; i++) expect(await verifier.verify(unknown, new Date(), null)).toBeNull();
    expect(lookups()).toBe(1);
  });

  it('asks the database on every request while caching is stopped, and starts again from empty', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { secret } = await app.generateToken({ cookie: person.cookie });
    const unknown = generateTokenSecret();
    const { verifier, lookups } = countingVerifier();
    await verifier.verify(secret, app.clock.now(), null);
    await verifier.verify(unknown, app.clock.now(), null);
    expect(lookups()).toBe(2);

    verifier.stopCaching();
    for (let i = 0; i < 2; i++) {
      expect(await verifier.verify(secret, app.clock.now(), null)).not.toBeNull();
      expect(await verifier.verify(unknown, app.clock.now(), null)).toBeNull();
    }
    expect(lookups()).toBe(6);

    verifier.startCaching();
    for (let i = 0; i < 2; i++) {
      await verifier.verify(secret, app.clock.now(), null);
      await verifier.verify(unknown, app.clock.now(), null);
    }
    expect(lookups()).toBe(8);
  });

  it('does not keep what it loaded while caching was stopped', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { secret } = await app.generateToken({ cookie: person.cookie });
    const { verifier, lookups } = countingVerifier();
    verifier.stopCaching();
    const pending = verifier.verify(secret, app.clock.now(), null);
    verifier.startCaching();
    await pending;
    await verifier.verify(secret, app.clock.now(), null);
    expect(lookups()).toBe(2);
  });
});
