import type { Viewer } from '../audit/actor.js';
import type { RequestOrigin } from '../audit/events.js';
import type { Clock } from '../clock.js';
import { RateLimitedError, ReauthenticationRequiredError, ServerBusyError } from '../errors.js';
import { logEvent } from '../logging/logger.js';
import { consumeRateLimit, type RateLimitRule, refundRateLimit } from './rate-limits.js';

export const SUDO_WINDOW_MS = 10 * 60 * 1000;

export type RateLimitCheck = [rule: RateLimitRule, subject: string];

/** What enforcement needs of a request's context: the clock, who is calling and from where, the response to mark. */
export interface EnforcementContext {
  clock: Clock;
  viewer: Viewer | null;
  origin: RequestOrigin;
  response: { status: number | null; headers: [string, string][]; rateLimited: number[] };
}

/** Records the refusal (HTTP 429 when every field was refused) and returns the typed error for the resolver to throw. */
function rateLimited(context: EnforcementContext, retryAfterSeconds: number): RateLimitedError {
  context.response.rateLimited.push(retryAfterSeconds);
  logEvent('rate_limited', { ip: context.origin.ip, retryAfterSeconds });
  return new RateLimitedError(retryAfterSeconds);
}

/**
 * Counts one attempt against each rule in order; throws a RateLimitedError (and marks the response 429) at
 * the first that is over, so a refused caller writes no further counters.
 */
export async function enforceRateLimits(context: EnforcementContext, checks: RateLimitCheck[]): Promise<void> {
  const now = context.clock.now();
  for (const [rule, subject] of checks) {
    const decision = await consumeRateLimit(rule, subject, now);
    if (!decision.allowed) throw rateLimited(context, decision.retryAfterSeconds);
  }
}

/** Password hashing is saturated: the response becomes HTTP 503 with Retry-After; the typed error goes on. */
export async function answerBusyWith503<T>(context: EnforcementContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServerBusyError) {
      context.response.status = 503;
      context.response.headers.push(['Retry-After', String(error.retryAfterSeconds)]);
      logEvent('server_busy', { ip: context.origin.ip, retryAfterSeconds: error.retryAfterSeconds });
    }
    throw error;
  }
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
