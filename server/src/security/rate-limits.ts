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

export function windowOf(rule: RateLimitRule, now: Date) {
  const windowMs = rule.windowSeconds * 1000;
  const window = Math.floor(now.getTime() / windowMs);
  return { window, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now.getTime()) / 1000)) };
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

/** Adds `attempts` to the shared counter of `rule` for `subject` in one atomic upsert; returns the new count. */
export async function countRateLimitAttempts(
  rule: RateLimitRule,
  subject: string,
  now: Date,
  attempts: number,
): Promise<number> {
  const { window } = windowOf(rule, now);
  const key = `${rule.name}:${subject}`;
  const rows = await db.$queryRaw<{ count: number | bigint }[]>`
    INSERT INTO "RateLimitCounter" ("key", "window", "count") VALUES (${key}, ${window}, ${attempts})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitCounter"."window" = ${window} THEN "RateLimitCounter"."count" + ${attempts} ELSE ${attempts} END,
      "window" = ${window}
    RETURNING "count"`;
  return Number(rows[0]?.count ?? 0);
}

/** Takes back one attempt, for rules that count only failures once the attempt turned out fine. */
export async function refundRateLimit(rule: RateLimitRule, subject: string, now: Date): Promise<void> {
  const { window } = windowOf(rule, now);
  await db.rateLimitCounter.updateMany({
    where: { key: `${rule.name}:${subject}`, window, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}
