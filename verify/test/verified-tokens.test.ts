import { describe, expect, it } from 'vitest';
import type { LatchkeyPrincipal } from '../src/principal.js';
import { VerifiedTokens } from '../src/verified-tokens.js';

const hour = 3_600_000;

function setUp(disconnectedGraceMs = 10_000) {
  const clock = { now: Date.parse('2026-11-30T12:00:00Z') };
  const tokens = new VerifiedTokens({ maxEntries: 100, disconnectedGraceMs, now: () => clock.now });
  const principal = (tokenId: string, expiresInMs = hour): LatchkeyPrincipal => ({
    userId: 'user',
    tokenId,
    permissions: ['reports:read'],
    expiresAt: new Date(clock.now + expiresInMs),
  });
  return { clock, tokens, principal };
}

describe('the verified-token cache', () => {
  it('keeps nothing until the revocation stream is ready', () => {
    const { tokens, principal } = setUp();
    tokens.store('digest', principal('a'), tokens.generation);
    expect(tokens.lookup('digest')).toBeUndefined();
    tokens.ready();
    tokens.store('digest', principal('a'), tokens.generation);
    expect(tokens.lookup('digest')?.principal.tokenId).toBe('a');
  });

  it('starts from empty each time the stream is ready again', () => {
    const { tokens, principal } = setUp();
    tokens.ready();
    tokens.store('digest', principal('a'), tokens.generation);
    tokens.ready();
    expect(tokens.lookup('digest')).toBeUndefined();
  });

  it('evicts every entry of a token at once, and nothing else', () => {
    const { tokens, principal } = setUp();
    tokens.ready();
    tokens.store('first', principal('a'), tokens.generation);
    tokens.store('second', principal('a'), tokens.generation);
    tokens.store('other', principal('b'), tokens.generation);
    tokens.forget('a');
    expect(tokens.lookup('first')).toBeUndefined();
    expect(tokens.lookup('second')).toBeUndefined();
    expect(tokens.lookup('other')?.principal.tokenId).toBe('b');
  });

  it('never stores a verification that started before an eviction', () => {
    const { tokens, principal } = setUp();
    tokens.ready();
    const startedIn = tokens.generation;
    tokens.forget('a');
    tokens.store('digest', principal('a'), startedIn);
    expect(tokens.lookup('digest')).toBeUndefined();
    // An eviction of another token counts too: the counter does not know which token a pending answer is for.
    const next = tokens.generation;
    tokens.forget('b');
    tokens.store('digest', principal('a'), next);
    expect(tokens.size).toBe(0);
  });

  it('never serves a token past its expiry, nor stores one already expired', () => {
    const { clock, tokens, principal } = setUp();
    tokens.ready();
    tokens.store('digest', principal('a', 1000), tokens.generation);
    clock.now += 999;
    expect(tokens.lookup('digest')).toBeDefined();
    clock.now += 1;
    expect(tokens.lookup('digest')).toBeUndefined();
    tokens.store('expired', principal('b', 0), tokens.generation);
    expect(tokens.size).toBe(0);
  });

  it('serves what it kept for the grace period after a disconnection, storing nothing new, then forgets all', () => {
    const { clock, tokens, principal } = setUp(10_000);
    tokens.ready();
    tokens.store('kept', principal('a'), tokens.generation);
    tokens.disconnected();
    tokens.store('new', principal('b'), tokens.generation);
    expect(tokens.lookup('new')).toBeUndefined();
    clock.now += 9_999;
    expect(tokens.lookup('kept')).toBeDefined();
    // Later failed attempts to reconnect do not extend the period.
    tokens.disconnected();
    clock.now += 1;
    expect(tokens.lookup('kept')).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('still evicts during the grace period, and caches again once the stream is back', () => {
    const { tokens, principal } = setUp();
    tokens.ready();
    tokens.store('kept', principal('a'), tokens.generation);
    tokens.disconnected();
    tokens.forget('a');
    expect(tokens.lookup('kept')).toBeUndefined();
    tokens.ready();
    tokens.store('kept', principal('a'), tokens.generation);
    expect(tokens.lookup('kept')).toBeDefined();
  });

  it('holds at most its maximum entries, dropping the least recently used', () => {
    const { tokens, principal } = setUp();
    tokens.ready();
    for (let i = 0; i < 150; i++) tokens.store(`digest ${i}`, principal(`token ${i}`), tokens.generation);
    expect(tokens.size).toBe(100);
    expect(tokens.lookup('digest 0')).toBeUndefined();
    tokens.forget('token 149');
    expect(tokens.size).toBe(99);
  });
});
