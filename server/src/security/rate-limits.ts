import { createHash } from 'node:crypto';
import { config } from '../config.js';
import { db } from '../db.js';

export interface RateLimitRule {
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimits = typeof config.rateLimits;

export function rateLimitRules(limits: RateLimits = config.rateLimits) {
  return {
    signInFailuresPerAccount: {
      name: 'sign-in:account',
      limit: limits.signInFailuresPerAccount,
      windowSeconds: 15 * 60,
    },
    signInFailuresPerIp: { name: 'sign-in:ip', limit: limits.signInFailuresPerIp, windowSeconds: 15 * 60 },
    signInsPerAccount: { name: 'signed-in:account', limit: limits.signInsPerAccount, windowSeconds: 15 * 60 },
    signInsPerIp: { name: 'signed-in:ip', limit: limits.signInsPerIp, windowSeconds: 15 * 60 },
    passwordConfirmationFailuresPerSession: {
      name: 'password-confirmation:session',
      limit: limits.passwordConfirmationFailuresPerSession,
      windowSeconds: 15 * 60,
    },
    signUpsPerIp: { name: 'sign-up:ip', limit: limits.signUpsPerIp, windowSeconds: 60 * 60 },
    invalidTokensPerIp: { name: 'bearer:ip', limit: limits.invalidTokensPerIp, windowSeconds: 60 },
  } satisfies Record<string, RateLimitRule>;
}

export type RateLimitRules = ReturnType<typeof rateLimitRules>;

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the current window ends and the counter starts again. */
  retryAfterSeconds: number;
}

const MINUTE_MS = 60_000;

/**
 * The current window of `rule`, named by the minute (since the epoch) in which it ends: one unit for every
 * rule, so expired counters can be deleted without knowing which rule wrote them.
 */
export function windowOf(rule: RateLimitRule, now: Date) {
  const windowMs = rule.windowSeconds * 1000;
  if (windowMs <= 0 || windowMs % MINUTE_MS !== 0) throw new Error(`${rule.name}: windows are whole minutes`);
  const endsAt = (Math.floor(now.getTime() / windowMs) + 1) * windowMs;
  return { window: endsAt / MINUTE_MS, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) };
}

/** A fixed-size key whatever the subject (an email, an address), so a counter row never grows with the input. */
export function rateLimitCounterKey(rule: RateLimitRule, subject: string): string {
  return `${rule.name}:${createHash('sha256').update(subject).digest('base64url')}`;
}

/**
 * Counts one attempt against `rule` for `subject` and says whether it is within the limit. One atomic
 * upsert in the shared database, so every replica sees the same count and concurrent attempts (aliases,
 * batches, parallel requests) each count.
 */
export async function consumeRateLimit(rule: RateLimitRule, subject: string, now: Date): Promise<RateLimitDecision> {
  const count = await countRateLimitAttempts(rule, subject, now, 1);
  return { allowed: count <= rule.limit, retryAfterSeconds: windowOf(rule, now).retryAfterSeconds };
}

/**
 * Adds `attempts` to the shared counter of `rule` for `subject` in one atomic upsert; returns the new count.
 * A counter already past the limit is not written again (the answer is then only known to be over it).
 */
export async function countRateLimitAttempts(
  rule: RateLimitRule,
  subject: string,
  now: Date,
  attempts: number,
): Promise<number> {
  const { window } = windowOf(rule, now);
  const key = rateLimitCounterKey(rule, subject);
  const rows = await db.$queryRaw<{ count: number | bigint }[]>`
    INSERT INTO "RateLimitCounter" ("key", "window", "count") VALUES (${key}, ${window}, ${attempts})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitCounter"."window" = ${window} THEN "RateLimitCounter"."count" + ${attempts} ELSE ${attempts} END,
      "window" = ${window}
    WHERE "RateLimitCounter"."window" <> ${window} OR "RateLimitCounter"."count" <= ${rule.limit}
    RETURNING "count"`;
  return rows[0] ? Number(rows[0].count) : Number.POSITIVE_INFINITY;
}

/** Takes back one attempt, for rules that count only failures once the attempt turned out fine. */
export async function refundRateLimit(rule: RateLimitRule, subject: string, now: Date): Promise<void> {
  const { window } = windowOf(rule, now);
  await db.rateLimitCounter.updateMany({
    where: { key: rateLimitCounterKey(rule, subject), window, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}

/** Deletes the counters whose window has ended; a conditional delete, so replicas may sweep at once. */
export async function deleteExpiredRateLimitCounters(now: Date): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({
    where: { window: { lte: Math.floor(now.getTime() / MINUTE_MS) } },
  });
  return count;
}
