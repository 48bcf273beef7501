import { describe, expect, it } from 'vitest';
import { fakeLatchkeyPerTest } from './support/fake-latchkey-per-test.js';

// Tokens with an address allowlist, a rate limit or a quota (issue #16), as Latchkey's introspection marks them.
const fake = fakeLatchkeyPerTest();
const { start, issue } = fake;

function issueWithQuota(uses: number, retryAfterSeconds = 60) {
  const issued = issue();
  issued.token.quota = { usesLeft: uses, retryAfterSeconds };
  return issued;
}

describe('tokens verified on every use', () => {
  it("sends the request's client address to Latchkey, and none when the caller gives none", async () => {
    const { verifier } = start();
    await verifier.verify(issue().secret, { clientAddress: '10.1.2.3' });
    await verifier.verify(issue().secret, { clientAddress: '2001:db8::1' });
    await verifier.verify(issue().secret);
    expect(fake.latchkey.clientAddresses).toEqual(['10.1.2.3', '2001:db8::1', null]);
  });

  it('asks Latchkey on every use of a token marked verify-each-use, even with the revocation stream ready', async () => {
    const { verifier, events } = start();
    await events.until('stream_ready');
    const { secret } = issueWithQuota(100);
    for (let i = 0; i < 5; i++) expect((await verifier.verify(secret)).ok).toBe(true);
    expect(fake.latchkey.introspections).toHaveLength(5);
  });

  it('refuses a token over its rate limit or quota as rate_limited, with whole seconds to wait', async () => {
    const { verifier } = start();
    const { secret } = issueWithQuota(1, 2.5);
    expect((await verifier.verify(secret, { permission: 'reports:read' })).ok).toBe(true);
    expect(await verifier.verify(secret, { permission: 'reports:read' })).toEqual({
      ok: false,
      error: 'rate_limited',
      retryAfterSeconds: 3,
    });
  });

  it('counts every one of concurrent first verifications of a token with a quota of 3: exactly 3 are accepted', async () => {
    const { verifier, events } = start();
    await events.until('stream_ready');
    const { secret } = issueWithQuota(3);
    const results = await Promise.all(Array.from({ length: 10 }, () => verifier.verify(secret)));
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    expect(results.filter((result) => !result.ok)).toEqual(
      Array.from({ length: 7 }, () => ({ ok: false, error: 'rate_limited', retryAfterSeconds: 60 })),
    );
    // One request the others joined, then one of its own for each that had joined it.
    expect(fake.latchkey.introspections).toHaveLength(10);
  });

  it('sends concurrent verifications of a token it knows is verified on every use straight to Latchkey', async () => {
    const { verifier, events } = start();
    await events.until('stream_ready');
    const { secret } = issueWithQuota(1);
    expect((await verifier.verify(secret)).ok).toBe(true);
    // Spent: a joined request would have lent its refusal to the others.
    await Promise.all(Array.from({ length: 5 }, () => verifier.verify(secret)));
    expect(fake.latchkey.introspections).toHaveLength(6);
  });

  it('joins concurrent verifications again once Latchkey says the token changed and lost its controls', async () => {
    const { verifier, events } = start();
    await events.until('stream_ready');
    const { secret, token } = issueWithQuota(10);
    expect((await verifier.verify(secret)).ok).toBe(true);
    token.quota = undefined;
    fake.latchkey.invalidate(token.tokenId);
    await events.until('token_invalidated');
    const results = await Promise.all(Array.from({ length: 5 }, () => verifier.verify(secret)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(fake.latchkey.introspections).toHaveLength(2);
    expect((await verifier.verify(secret)).ok).toBe(true);
    expect(fake.latchkey.introspections).toHaveLength(2);
  });

  it('never lends the answer for one client address to a verification from another', async () => {
    const { verifier } = start();
    const { secret, token } = issue();
    token.allowedAddresses = ['10.1.2.3'];
    const [outside, inside] = await Promise.all([
      verifier.verify(secret, { clientAddress: '192.168.1.1' }),
      verifier.verify(secret, { clientAddress: '10.1.2.3' }),
    ]);
    expect(outside).toEqual({ ok: false, error: 'invalid_token' });
    expect(inside.ok).toBe(true);
    expect(fake.latchkey.clientAddresses).toEqual(['192.168.1.1', '10.1.2.3']);
  });
});
