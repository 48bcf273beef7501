import { customExpiryBounds, tokenLifetimeDays, tokenMaxLifetimeDays } from '@latchkey/rules';

export const TokenExpiration = {
  DAYS_7: 'DAYS_7',
  DAYS_30: 'DAYS_30',
  DAYS_60: 'DAYS_60',
  DAYS_90: 'DAYS_90',
  YEAR_1: 'YEAR_1',
} as const;
export type TokenExpiration = (typeof TokenExpiration)[keyof typeof TokenExpiration];

const DAY_MS = 24 * 60 * 60 * 1000;

export const expirationDays: Record<TokenExpiration, number> = tokenLifetimeDays;

export function expiresAtFor(expiration: TokenExpiration, now: Date): Date {
  return new Date(now.getTime() + expirationDays[expiration] * DAY_MS);
}

/** A token's expiry asked for as one of the presets or as a custom instant: exactly one of the two. */
export type ExpiryChoice = { expiration: TokenExpiration } | { expiresAt: Date };

export function expiresAtOf(choice: ExpiryChoice, now: Date): Date {
  return 'expiration' in choice ? expiresAtFor(choice.expiration, now) : choice.expiresAt;
}

/** Why a custom expiry is refused at `now`, or null: at least a day away, at most the policy maximum. */
export function customExpiryProblem(expiresAt: Date, now: Date): string | null {
  const { earliest, latest } = customExpiryBounds(now);
  if (expiresAt < earliest) return `Choose an expiry at least a day away (${earliest.toISOString()} or later).`;
  if (expiresAt > latest)
    return `Choose an expiry at most ${tokenMaxLifetimeDays} days away (${latest.toISOString()} or earlier).`;
  return null;
}
