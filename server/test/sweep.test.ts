import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db.js';
import { startSweeping, sweepExpiredRows } from '../src/security/sweep.js';
import { createTestApp, DAY, MINUTE, TestClock } from './support/app.js';

const wrongSignIn = `mutation ($email: String!) { signIn(input: { email: $email, password: "guess" }) { __typename } }`;

/** A signed-in account whose session lasts 14 days, and counters of 15-minute windows and one of an hour (sign-up). */
async function expiringRows(start: Date) {
  const app = createTestApp({ clock: new TestClock(start) });
  const person = await app.signUp();
  await app.request(wrongSignIn, { email: `stranger-${start.getTime()}@example.com` });
  return { app, person };
}

const counts = async () => ({ sessions: await db.session.count(), counters: await db.rateLimitCounter.count() });

describe('sweeping expired rows', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('deletes rate-limit counters once their window has ended, and sessions once they expired, keeping the rest', async () => {
    await db.session.deleteMany();
    await db.rateLimitCounter.deleteMany();
    const { app } = await expiringRows(new Date('2030-03-01T10:05:00Z'));
    expect(await counts()).toEqual({ sessions: 1, counters: 7 });

    const swept = async (at: Date) => {
      const { sessions, rateLimitCounters } = await sweepExpiredRows(at);
      return { sessions, rateLimitCounters };
    };
    expect(await swept(new Date('2030-03-01T10:14:59Z'))).toEqual({ sessions: 0, rateLimitCounters: 0 });
    // The failure counters of 15-minute windows ended; the sign-up's hourly one and the session remain.
    expect(await swept(new Date('2030-03-01T10:15:00Z'))).toEqual({ sessions: 0, rateLimitCounters: 6 });
    expect(await swept(new Date('2030-03-01T11:00:00Z'))).toEqual({ sessions: 0, rateLimitCounters: 1 });
    app.clock.advance(14 * DAY);
    expect(await swept(app.clock.now())).toEqual({ sessions: 1, rateLimitCounters: 0 });
    expect(await counts()).toEqual({ sessions: 0, counters: 0 });
  });

  it('is safe when several replicas sweep at once: each row is deleted once and none fails', async () => {
    await db.session.deleteMany();
    await db.rateLimitCounter.deleteMany();
    await expiringRows(new Date('2030-04-01T10:00:00Z'));
    await expiringRows(new Date('2030-04-02T10:00:00Z'));
    const later = new Date('2030-05-01T00:00:00Z');
    const sweeps = await Promise.all([sweepExpiredRows(later), sweepExpiredRows(later), sweepExpiredRows(later)]);
    expect(sweeps.reduce((sum, sweep) => sum + sweep.sessions, 0)).toBe(2);
    expect(sweeps.reduce((sum, sweep) => sum + sweep.rateLimitCounters, 0)).toBe(11);
    expect(await counts()).toEqual({ sessions: 0, counters: 0 });
  });

  it('sweeps on its interval once started, as of the injected clock, and stops', async () => {
    await db.session.deleteMany();
    await db.rateLimitCounter.deleteMany();
    const clock = new TestClock(new Date('2030-06-01T10:00:00Z'));
    await expiringRows(clock.now());
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const sweeper = startSweeping(clock, 10 * MINUTE);
    clock.advance(20 * DAY);
    vi.advanceTimersByTime(10 * MINUTE - 1);
    await sweeper.stop();
    expect(await counts()).toEqual({ sessions: 1, counters: 7 });

    const restarted = startSweeping(clock, 10 * MINUTE);
    vi.advanceTimersByTime(10 * MINUTE);
    await restarted.stop();
    expect(await counts()).toEqual({ sessions: 0, counters: 0 });
  });
});
