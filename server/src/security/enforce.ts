import type { Viewer } from '../audit/actor.js';
import type { RequestOrigin } from '../audit/events.js';
import type { Clock } from '../clock.js';
import { RateLimitedError, ReauthenticationRequiredError } from '../errors.js';
import { logEvent } from '../logging/logger.js';
import { consumeRateLimit, type RateLimitRule, refundRateLimit } from './rate-limits.js';

export const SUDO_WINDOW_MS = 10 * 60 * 1000;

export type RateLimitCheck = [rule: RateLimitRule, subject: string];

/** What enforcement needs of a request's context: the clock, who is calling and from where, the response to mark. */
export interface EnforcementContext {
  clock: Clock;
  viewer: Viewer | null;
  origin: RequestOrigin;
  response: { status: number | null; headers: [string, string][] };
}

/** Marks the response as HTTP 429 and returns the typed error for the resolver to throw. */
function rateLimited(context: EnforcementContext, retryAfterSeconds: number): RateLimitedError {
  context.response.status = 429;
  context.response.headers.push(['Retry-After', String(retryAfterSeconds)]);
  logEvent('rate_limited', { ip: context.origin.ip, retryAfterSeconds });
  return new RateLimitedError(retryAfterSeconds);
}

/** Counts one attempt against each rule; throws a RateLimitedError (and marks the response 429) if any is over. */
export async function enforceRateLimits(context: EnforcementContext, checks: RateLimitCheck[]): Promise<void> {
  const now = context.clock.now();
  const decisions = await Promise.all(checks.map(([rule, subject]) => consumeRateLimit(rule, subject, now)));
  const refused = decisions.filter((decision) => !decision.allowed);
  if (refused.length > 0)
    throw rateLimited(context, Math.max(...refused.map((decision) => decision.retryAfterSeconds)));
}

/** For limits that count failures only: an attempt that succeeded is taken back. */
export async function refundRateLimits(context: EnforcementContext, checks: RateLimitCheck[]): Promise<void> {
  const now = context.clock.now();
  await Promise.all(checks.map(([rule, subject]) => refundRateLimit(rule, subject, now)));
}

/**
 * Sudo mode: from a browser session, powerful actions need the password entered within the last
 * ten minutes. Tokens have no password to confirm; their scopes already bound them.
 */
export function requireRecentAuthentication(context: EnforcementContext): void {
  const session = context.viewer?.session;
  if (!session) return;
  if (context.clock.now().getTime() - session.reauthenticatedAt.getTime() > SUDO_WINDOW_MS) {
    throw new ReauthenticationRequiredError();
  }
}
