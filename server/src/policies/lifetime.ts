import { ValidationError } from '../errors.js';
import type { ExpiryChoice } from '../tokens/expiration.js';
import type { Policies } from './policies.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Tokens may live at most 90 days." */
export function lifetimeLimitMessage(days: number): string {
  return `Tokens may live at most ${days === 1 ? '1 day' : `${days} days`}.`;
}

/** The latest expiry a token given one at `now` may have, or null when the policy sets no maximum. */
export function latestExpiryAllowed(policies: Policies, now: Date): Date | null {
  const days = policies.maxTokenLifetimeDays;
  return days === null ? null : new Date(now.getTime() + days * DAY_MS);
}

/**
 * Refuses an expiry chosen at `now` (a new token's, an edit's, a rotation's) that is later than the maximum lifetime
 * allows, on the field it was chosen with. Tokens that already live longer keep their expiry until it is changed:
 * the limit applies to what is chosen from the time it is set.
 */
export function checkTokenLifetime(policies: Policies, expiry: ExpiryChoice, expiresAt: Date, now: Date): void {
  const latest = latestExpiryAllowed(policies, now);
  if (latest === null || policies.maxTokenLifetimeDays === null || expiresAt <= latest) return;
  const field = 'expiration' in expiry ? 'expiration' : 'expiresAt';
  throw ValidationError.forField(['input', field], lifetimeLimitMessage(policies.maxTokenLifetimeDays));
}

/** A rotated secret's expiry, brought within the maximum lifetime counted from `now`. */
export function cappedExpiry(policies: Policies, expiresAt: Date, now: Date): Date {
  const latest = latestExpiryAllowed(policies, now);
  return latest !== null && expiresAt > latest ? latest : expiresAt;
}
