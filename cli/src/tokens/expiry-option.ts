import { customExpiryDates, expiryOfDate } from '@latchkey/rules';
import { UsageError } from '../failures.js';
import type { TokenExpiration } from '../graphql/graphql.js';

const presets = {
  '7d': 'DAYS_7',
  '30d': 'DAYS_30',
  '60d': 'DAYS_60',
  '90d': 'DAYS_90',
  '1y': 'YEAR_1',
} as const satisfies Record<string, TokenExpiration>;

export const EXPIRY_PRESETS = Object.keys(presets);

/** What `--expires` asks for: a preset, a custom instant, or (when `allowMax`) the longest allowed. */
export type ExpiryOption = { expiration: TokenExpiration } | { expiresAt: string } | 'max';

export function expiryFromOption(value: string, { allowMax }: { allowMax: boolean }): ExpiryOption {
  const lowered = value.trim().toLowerCase();
  if (allowMax && lowered === 'max') return 'max';
  const preset = presets[lowered as keyof typeof presets];
  if (preset) return { expiration: preset };
  const date = expiryOfDate(lowered);
  if (date) return { expiresAt: date.toISOString() };
  const { first, last } = customExpiryDates(new Date());
  throw new UsageError(
    `--expires must be one of ${[...EXPIRY_PRESETS, ...(allowMax ? ['max'] : [])].join(', ')}, or a date ` +
      `such as ${first} (from ${first} to ${last}), got "${value}"`,
  );
}
