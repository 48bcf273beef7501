import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { LeasedRateLimiter } from '../src/security/rate-limit-leases.js';
import type { RateLimitRule } from '../src/security/rate-limits.js';
import { recordQueries } from './support/query-recorder.js';

const now = new Date('2026-01-15T12:00:00.000Z');
const ruleWithLimit = (limit: number): RateLimitRule => ({ name: `bearer:${randomUUID()}`, limit, windowSeconds: 60 });

async function attempts(limiter: LeasedRateLimiter, rule: RateLimitRule, count: number) {
  const allowed: boolean[] = [];
  for (let i = 0; i < count; i++) allowed.push((await limiter.consume(rule, '192.0.2.1', now)).allowed);
  return allowed;
}

const counterWrites = (statements: string[]) => statements.filter((sql) => sql.includes('RateLimitCounter')).length;

describe('invalid-token rate limit, counted in batches', () => {
  it('allows exactly the limit from one process, writing the shared counter once per batch', async () => {
    const limiter = new LeasedRateLimiter();
    const rule = ruleWithLimit(60);
    let allowed: boolean[] = [];
    const statements = await recordQueries(async () => {
      allowed = await attempts(limiter, rule, 61);
    });
    expect(allowed.filter(Boolean)).toHaveLength(60);
    expect(allowed.at(-1)).toBe(false);
    // Batches of 1, 2, 4, then an eighth of the limit (7) until it is reached: 11 writes, not 61.
    expect(counterWrites(statements)).toBe(11);
  });

  it('never writes the counter again once the address is refused', async () => {
    const limiter = new LeasedRateLimiter();
    const rule = ruleWithLimit(3);
    await attempts(limiter, rule, 4);
    const statements = await recordQueries(async () => {
      expect(await attempts(limiter, rule, 20)).toEqual(Array(20).fill(false));
    });
    expect(counterWrites(statements)).toBe(0);
  });

  it('lets two replicas together allow no more than the limit', async () => {
    const [replicaA, replicaB] = [new LeasedRateLimiter(), new LeasedRateLimiter()];
    const rule = ruleWithLimit(40);
    let allowed = 0;
    for (let i = 0; i < 100; i++) {
      if ((await (i % 2 === 0 ? replicaA : replicaB).consume(rule, '192.0.2.1', now)).allowed) allowed++;
    }
    expect(allowed).toBeLessThanOrEqual(40);
    // Places one replica reserved and did not use (fewer than a batch of 5 each) only make it stricter.
    expect(allowed).toBeGreaterThan(40 - 2 * 5);
    const counter = await db.rateLimitCounter.findFirstOrThrow({ where: { key: { startsWith: `${rule.name}:` } } });
    expect(counter.count).toBeGreaterThanOrEqual(40);
  });

  it('starts counting again in the next window', async () => {
    const limiter = new LeasedRateLimiter();
    const rule = ruleWithLimit(2);
    expect(await attempts(limiter, rule, 3)).toEqual([true, true, false]);
    const nextWindow = new Date(now.getTime() + 60_000);
    expect((await limiter.consume(rule, '192.0.2.1', nextWindow)).allowed).toBe(true);
  });
});
