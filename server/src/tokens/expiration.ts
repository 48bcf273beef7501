import { tokenLifetimeDays } from '@latchkey/rules';

export const TokenExpiration = {
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
