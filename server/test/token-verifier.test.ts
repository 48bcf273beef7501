import { describe, expect, it } from 'vitest';
import { generateTokenSecret } from '../src/tokens/format.js';
import { findTokenByDigest, TokenVerifier } from '../src/tokens/verification.js';
import { createTestApp, localId } from './support/app.js';

function countingVerifier(ttlMs = 60_000) {
  let lookups = 0;
  const verifier = new TokenVerifier({
    ttlMs,
    maxEntries: 2,
    findByDigest: (digest) => {
      lookups++;
      return findTokenByDigest(digest);
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
});
