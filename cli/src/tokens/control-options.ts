import { isIP } from 'node:net';
import { rateLimitWindowNames, tokenControlLimits } from '@latchkey/rules';
import type { OptionSpec, OptionValues } from '../command-line.js';
import { UsageError } from '../failures.js';
import type { QuotaRefill, TokenQuotaInput, TokenRateLimitInput } from '../graphql/graphql.js';

// `--allow-ip`, `--rate-limit` and `--quota` (issue 16), checked enough to fail before any request; the server
// judges the rest (and normalises addresses).

const { maxAllowedAddresses, rateLimitRequests, rateLimitWindowSeconds, quotaUses } = tokenControlLimits;

/** What removes a control in `tokens edit`. */
export const NONE = 'none';

const windowUnits: Record<string, number> = {
  s: rateLimitWindowNames.second,
  sec: rateLimitWindowNames.second,
  second: rateLimitWindowNames.second,
  m: rateLimitWindowNames.minute,
  min: rateLimitWindowNames.minute,
  minute: rateLimitWindowNames.minute,
  h: rateLimitWindowNames.hour,
  hour: rateLimitWindowNames.hour,
  d: rateLimitWindowNames.day,
  day: rateLimitWindowNames.day,
};

const refills: Record<string, QuotaRefill> = { day: 'DAY', week: 'WEEK', month: 'MONTH' };

/** A table's own entry only: `constructor` is no unit. */
const entryOf = <Value>(table: Record<string, Value>, key: string): Value | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/** An address or a CIDR range as node reads them; the server has the last word. */
function looksLikeAddress(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/**
 * The allowlist the `--allow-ip` options give (each may hold a comma-separated list): undefined when none was
 * given, and an empty list for `none` (which removes it, so only an edit takes it).
 */
export function allowedAddressesFromOptions(values: readonly string[], { allowNone }: { allowNone: boolean }) {
  if (values.length === 0) return undefined;
  const entries = values.flatMap((value) => value.split(',')).map((entry) => entry.trim());
  if (entries.some((entry) => entry.toLowerCase() === NONE)) {
    if (!allowNone) throw new UsageError('--allow-ip none only removes an allowlist, in "latchkey tokens edit"');
    if (entries.length > 1) throw new UsageError('--allow-ip none cannot be given with addresses');
    return [];
  }
  const unique = [...new Set(entries.filter((entry) => entry !== ''))];
  const bad = unique.find((entry) => !looksLikeAddress(entry));
  if (bad !== undefined) {
    throw new UsageError(
      `--allow-ip "${bad}" is not an IPv4 or IPv6 address or CIDR range (such as 203.0.113.7 or 10.0.0.0/8)`,
    );
  }
  if (unique.length > maxAllowedAddresses) {
    throw new UsageError(`--allow-ip takes at most ${maxAllowedAddresses} addresses or ranges, got ${unique.length}`);
  }
  return unique;
}

function wholeNumber(text: string, { min, max }: { min: number; max: number }): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** `--rate-limit 100/min` or `100/30s`; null for `none` (edit only). */
export function rateLimitFromOption(value: string, { allowNone }: { allowNone: boolean }): TokenRateLimitInput | null {
  const lowered = value.trim().toLowerCase();
  if (allowNone && lowered === NONE) return null;
  const match = /^(\d+)\s*\/\s*(\d*)\s*([a-z]+)$/.exec(lowered);
  const [, requestsText = '', countText = '', unitText = ''] = match ?? [];
  // Plurals too: `2/mins`, `10/30seconds`.
  const unit = entryOf(windowUnits, unitText) ?? entryOf(windowUnits, unitText.replace(/s$/, ''));
  const requests = wholeNumber(requestsText, rateLimitRequests);
  const windowSeconds =
    unit === undefined ? null : wholeNumber(String(Number(countText || 1) * unit), rateLimitWindowSeconds);
  if (requests === null || windowSeconds === null) {
    throw new UsageError(
      `--rate-limit must be REQUESTS/WINDOW, such as 100/min or 10/30s: ${rateLimitRequests.min} to ` +
        `${rateLimitRequests.max.toLocaleString('en')} requests per s, min, h or d, a window of at most a day` +
        `${allowNone ? ', or none' : ''}; got "${value}"`,
    );
  }
  return { requests, windowSeconds };
}

/** `--quota 1000/month`, or `--quota 1000` for one that never refills; null for `none` (edit only). */
export function quotaFromOption(value: string, { allowNone }: { allowNone: boolean }): TokenQuotaInput | null {
  const lowered = value.trim().toLowerCase();
  if (allowNone && lowered === NONE) return null;
  const [usesText = '', period, ...rest] = lowered.split('/').map((part) => part.trim());
  const uses = wholeNumber(usesText, quotaUses);
  const refill = period === undefined ? undefined : entryOf(refills, period);
  if (uses === null || rest.length > 0 || (period !== undefined && refill === undefined)) {
    throw new UsageError(
      `--quota must be USES or USES/day|week|month, such as 1000/month: ${quotaUses.min} to ` +
        `${quotaUses.max.toLocaleString('en')} uses${allowNone ? ', or none' : ''}; got "${value}"`,
    );
  }
  return refill ? { uses, refill } : { uses };
}

function windowWords(windowSeconds: number): string {
  const named = Object.entries(rateLimitWindowNames).find(([, seconds]) => seconds === windowSeconds);
  return named ? `per ${named[0]}` : `per ${windowSeconds} seconds`;
}

/** `100 requests per minute` */
export function describeRateLimit({ requests, windowSeconds }: TokenRateLimitInput): string {
  return `${requests} ${requests === 1 ? 'request' : 'requests'} ${windowWords(windowSeconds)}`;
}

/** `1000 uses per month`, `5 uses in all` */
export function describeQuota({ uses, refill }: { uses: number; refill?: string | null }): string {
  const amount = `${uses} ${uses === 1 ? 'use' : 'uses'}`;
  return refill ? `${amount} per ${refill.toLowerCase()}` : `${amount} in all`;
}

/** The options of `tokens create` and `tokens edit` that set a token's controls (`edit` also takes `none`). */
export function controlOptionSpecs({ allowNone }: { allowNone: boolean }) {
  const orNone = allowNone ? '; none removes it' : '';
  return {
    'allow-ip': {
      type: 'string',
      placeholder: 'ADDRESS',
      multiple: true,
      description: `Address or CIDR range it may be used from (203.0.113.7, 10.0.0.0/8); repeat, or use commas${allowNone ? '; replaces the list; none removes it' : ''}`,
    },
    'rate-limit': {
      type: 'string',
      placeholder: 'N/WINDOW',
      description: `At most N requests per window: 100/min, 10/s, 5000/h, 10000/d, 100/30s${orNone}`,
    },
    quota: {
      type: 'string',
      placeholder: 'N[/PERIOD]',
      description: `At most N uses in all (1000), or per UTC day, week or month (1000/month)${orNone}`,
    },
  } as const satisfies Record<string, OptionSpec>;
}

/** The controls the options set; each undefined when its option was not given, null when it was `none`. */
export function controlsFromOptions(options: OptionValues, { allowNone }: { allowNone: boolean }) {
  const rateLimit = options.string('rate-limit');
  const quota = options.string('quota');
  return {
    allowedAddresses: allowedAddressesFromOptions(options.strings('allow-ip'), { allowNone }),
    rateLimit: rateLimit === undefined ? undefined : rateLimitFromOption(rateLimit, { allowNone }),
    quota: quota === undefined ? undefined : quotaFromOption(quota, { allowNone }),
  };
}
