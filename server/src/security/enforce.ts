import type { Context } from '../context.js';
import { rateLimited } from '../context.js';
import { ReauthenticationRequiredError } from '../errors.js';
import { consumeRateLimit, type RateLimitRule, refundRateLimit } from './rate-limits.js';

export const SUDO_WINDOW_MS = 10 * 60 * 1000;

export type RateLimitCheck = [rule: RateLimitRule, subject: string];

/** Counts one attempt against each rule; throws a RateLimitedError (and marks the response 429) if any is over. */
export async function enforceRateLimits(context: Context, checks: RateLimitCheck[]): Promise<void> {
  const now = context.clock.now();
  const decisions = await Promise.all(checks.map(([rule, subject]) => consumeRateLimit(rule, subject, now)));
  const refused = decisions.filter((decision) => !decision.allowed);
  if (refused.length > 0)
    throw rateLimited(context, Math.max(...refused.map((decision) => decision.retryAfterSeconds)));
}

/** For limits that count failures only: an attempt that succeeded is taken back. */
export async function refundRateLimits(context: Context, checks: RateLimitCheck[]): Promise<void> {
  const now = context.clock.now();
  await Promise.all(checks.map(([rule, subject]) => refundRateLimit(rule, subject, now)));
}

/**
 * Sudo mode: from a browser session, powerful actions need the password entered within the last
 * ten minutes. Tokens have no password to confirm; their scopes already bound them.
 */
export function requireRecentAuthentication(context: Context): void {
  const session = context.viewer?.session;
  if (!session) return;
  if (context.clock.now().getTime() - session.reauthenticatedAt.getTime() > SUDO_WINDOW_MS) {
    throw new ReauthenticationRequiredError();
  }
}
