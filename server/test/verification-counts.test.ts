import { expect, it } from 'vitest';
import { tokenCacheLookups, tokenVerifications } from '../src/metrics/counts.js';
import { generateTokenSecret } from '../src/tokens/format.js';
import { TokenVerifier } from '../src/tokens/verification.js';
import { createTestApp, DAY, revokeMutation } from './support/app.js';

// What the verifier counts for the metrics port, by the reason it decided (metrics.test.ts reads them over HTTP).

async function changesIn(counts: Record<string, number>, during: () => Promise<void>) {
  const before = { ...counts };
  await during();
  return Object.fromEntries(Object.entries(counts).map(([name, value]) => [name, value - (before[name] ?? 0)]));
}

it('counts each refusal by its reason and each acceptance once', async () => {
  const app = createTestApp();
  const person = await app.signUp();
  const usable = await app.generateToken({ cookie: person.cookie });
  const revoked = await app.generateToken({ cookie: person.cookie });
  await app.data(revokeMutation, { id: revoked.token.id }, { cookie: person.cookie });
  const verifier = new TokenVerifier({ ttlMs: 60_000, maxEntries: 100 });
  const now = app.clock.now();
  const later = new Date(now.getTime() + 31 * DAY);

  const changes = await changesIn(tokenVerifications, async () => {
    await verifier.verify(usable.secret, now, null);
    await verifier.verify(usable.secret, later, null);
    await verifier.verify(revoked.secret, now, null);
    await verifier.verify(generateTokenSecret(), now, null);
    await verifier.verify('lkpat_malformed', now, null);
    await verifier.verify(usable.secret, now, null, 'reports', () => false);
  });
  expect(changes).toEqual({
    valid: 1,
    invalid: 2,
    revoked: 1,
    expired: 1,
    not_accepted: 1,
    rate_limited: 0,
    refused_address: 0,
    usage_limited: 0,
  });
});

it('counts a database lookup as a miss, then a verified or refused token from the cache as hits', async () => {
  const app = createTestApp();
  const person = await app.signUp();
  const { secret } = await app.generateToken({ cookie: person.cookie });
  const unknown = generateTokenSecret();
  const verifier = new TokenVerifier({ ttlMs: 60_000, maxEntries: 100 });

  const changes = await changesIn(tokenCacheLookups, async () => {
    for (let i = 0; i < 3; i++) await verifier.verify(secret, app.clock.now(), null);
    for (let i = 0; i < 2; i++) await verifier.verify(unknown, app.clock.now(), null);
  });
  expect(changes).toEqual({ hit: 2, refused_hit: 1, miss: 2 });
});
