import { describe, expect, it } from 'vitest';
import { reconnectDelay, retryAfterMs } from '../src/reconnect-delay.js';

const policy = { serverRetryMs: 1000, retryAfterMs: null, maxDelayMs: 10_000 };

describe('reconnection delays', () => {
  it('retries at once first, then after the server retry delay, doubling up to the bound', () => {
    const middle = 0.5;
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => reconnectDelay(attempt, policy, middle))).toEqual([
      0, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(reconnectDelay(2, { ...policy, serverRetryMs: 250 }, middle)).toBe(500);
  });

  it('spreads each delay by at most a fifth either way', () => {
    expect(reconnectDelay(1, policy, 0)).toBe(800);
    expect(reconnectDelay(1, policy, 1)).toBe(1200);
  });

  it('waits at least as long as Retry-After, even on the first attempt, within the bound', () => {
    expect(reconnectDelay(0, { ...policy, retryAfterMs: 1000 }, 0.5)).toBe(1000);
    expect(reconnectDelay(1, { ...policy, retryAfterMs: 3000 }, 0.5)).toBe(3000);
    expect(reconnectDelay(0, { ...policy, retryAfterMs: 3_600_000 }, 0.5)).toBe(10_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(retryAfterMs('1', now)).toBe(1000);
    expect(retryAfterMs('Mon, 30 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});
