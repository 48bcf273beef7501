import { rateLimitWindowNames, tokenControlLimits } from '@latchkey/rules';
import type { QuotaRefill, TokenQuotaInput, TokenRateLimitInput, UpdateTokenInput } from '$lib/graphql/graphql';

// A token's address allowlist, rate limit and quota as the forms hold them (issue 16). The API judges the
// addresses; the forms check only what they can say better before sending: counts and number bounds.

const { maxAllowedAddresses, rateLimitRequests, quotaUses } = tokenControlLimits;

export type RestrictionField = 'allowedAddresses' | 'rateLimit' | 'quota';
export const restrictionFields: readonly RestrictionField[] = ['allowedAddresses', 'rateLimit', 'quota'];
export type RestrictionErrors = Partial<Record<RestrictionField, string>>;

/** `NEVER` stands for a quota that never refills (the API leaves `refill` out). */
export type RefillChoice = QuotaRefill | 'NEVER';

/** What the restriction fields hold: text as typed, so an empty number means "none". */
export interface RestrictionValues {
  /** One address or CIDR range per line (commas and spaces separate too). */
  allowedAddresses: string;
  rateLimitRequests: string;
  /** The window in seconds, as the select's value. */
  rateLimitWindowSeconds: string;
  quotaUses: string;
  quotaRefill: RefillChoice;
}

/** A token's restrictions as the API shows them. */
export interface TokenRestrictions {
  allowedAddresses: readonly string[];
  rateLimit: TokenRateLimitInput | null;
  quota: { uses: number; refill: QuotaRefill | null } | null;
}

const windowLabels: Record<keyof typeof rateLimitWindowNames, string> = {
  second: 'per second',
  minute: 'per minute',
  hour: 'per hour',
  day: 'per day',
};

/** The windows the rate-limit menu offers, plus `current` when it is none of them (the API takes any). */
export function rateLimitWindowOptions(current?: number): { value: string; label: string }[] {
  const named = (Object.entries(rateLimitWindowNames) as [keyof typeof rateLimitWindowNames, number][]).map(
    ([name, seconds]) => ({ value: String(seconds), label: windowLabels[name] }),
  );
  if (current === undefined || named.some((option) => option.value === String(current))) return named;
  return [...named, { value: String(current), label: `per ${current} seconds` }];
}

export const refillOptions: readonly { value: RefillChoice; label: string }[] = [
  { value: 'NEVER', label: 'never refills' },
  { value: 'DAY', label: 'per day' },
  { value: 'WEEK', label: 'per week' },
  { value: 'MONTH', label: 'per month' },
];

export function initialRestrictionValues(token?: TokenRestrictions): RestrictionValues {
  return {
    allowedAddresses: token?.allowedAddresses.join('\n') ?? '',
    rateLimitRequests: token?.rateLimit ? String(token.rateLimit.requests) : '',
    rateLimitWindowSeconds: String(token?.rateLimit?.windowSeconds ?? rateLimitWindowNames.minute),
    quotaUses: token?.quota ? String(token.quota.uses) : '',
    quotaRefill: token?.quota?.refill ?? 'NEVER',
  };
}

/** The entries typed, in order, without blanks. */
export function addressEntries(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '');
}

function wholeNumberProblem(text: string, { min, max }: { min: number; max: number }, what: string): string | null {
  if (!/^\d+$/.test(text.trim())) return `${what} must be a whole number.`;
  const value = Number(text);
  if (value < min || value > max) return `${what} must be from ${min} to ${max.toLocaleString('en')}.`;
  return null;
}

export function validateRestrictions(values: RestrictionValues): RestrictionErrors {
  const errors: RestrictionErrors = {};
  const count = addressEntries(values.allowedAddresses).length;
  if (count > maxAllowedAddresses) {
    errors.allowedAddresses = `At most ${maxAllowedAddresses} addresses or ranges; this has ${count}.`;
  }
  if (values.rateLimitRequests.trim() !== '') {
    const problem = wholeNumberProblem(values.rateLimitRequests, rateLimitRequests, 'Requests');
    if (problem) errors.rateLimit = problem;
  }
  if (values.quotaUses.trim() !== '') {
    const problem = wholeNumberProblem(values.quotaUses, quotaUses, 'Uses');
    if (problem) errors.quota = problem;
  }
  return errors;
}

function rateLimitOf(values: RestrictionValues): TokenRateLimitInput | null {
  if (values.rateLimitRequests.trim() === '') return null;
  return { requests: Number(values.rateLimitRequests), windowSeconds: Number(values.rateLimitWindowSeconds) };
}

function quotaOf(values: RestrictionValues): TokenQuotaInput | null {
  if (values.quotaUses.trim() === '') return null;
  const uses = Number(values.quotaUses);
  return values.quotaRefill === 'NEVER' ? { uses } : { uses, refill: values.quotaRefill };
}

/** The restriction fields of `GenerateTokenInput`: only those set. */
export function generateRestrictionInput(
  values: RestrictionValues,
): Pick<UpdateTokenInput, 'allowedAddresses' | 'rateLimit' | 'quota'> {
  const allowedAddresses = addressEntries(values.allowedAddresses);
  const rateLimit = rateLimitOf(values);
  const quota = quotaOf(values);
  return {
    ...(allowedAddresses.length > 0 ? { allowedAddresses } : {}),
    ...(rateLimit ? { rateLimit } : {}),
    ...(quota ? { quota } : {}),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((entry, index) => entry === b[index]);

/** What an edit changes of the token's restrictions: a list replaces, an empty list or field removes. */
export function editRestrictionInput(
  values: RestrictionValues,
  token: TokenRestrictions,
): Pick<UpdateTokenInput, 'allowedAddresses' | 'rateLimit' | 'removeRateLimit' | 'quota' | 'removeQuota'> {
  const input: ReturnType<typeof editRestrictionInput> = {};
  const allowedAddresses = addressEntries(values.allowedAddresses);
  if (!sameList(allowedAddresses, token.allowedAddresses)) input.allowedAddresses = allowedAddresses;
  const rateLimit = rateLimitOf(values);
  if (!rateLimit && token.rateLimit) input.removeRateLimit = true;
  else if (
    rateLimit &&
    (rateLimit.requests !== token.rateLimit?.requests || rateLimit.windowSeconds !== token.rateLimit.windowSeconds)
  ) {
    input.rateLimit = rateLimit;
  }
  const quota = quotaOf(values);
  if (!quota && token.quota) input.removeQuota = true;
  else if (quota && (quota.uses !== token.quota?.uses || (quota.refill ?? null) !== token.quota.refill)) {
    input.quota = quota;
  }
  return input;
}

function windowLabel(windowSeconds: number): string {
  const named = Object.entries(rateLimitWindowNames).find(([, seconds]) => seconds === windowSeconds);
  return named ? windowLabels[named[0] as keyof typeof rateLimitWindowNames] : `per ${windowSeconds} seconds`;
}

/** `100 requests per minute` */
export function describeRateLimit({ requests, windowSeconds }: TokenRateLimitInput): string {
  return `${requests.toLocaleString('en')} ${requests === 1 ? 'request' : 'requests'} ${windowLabel(windowSeconds)}`;
}

const periodNames: Record<QuotaRefill, string> = { DAY: 'today', WEEK: 'this week', MONTH: 'this month' };

/** `3 of 5 uses left this month`, `3 of 5 uses left` */
export function describeQuotaLeft({
  uses,
  remaining,
  refill,
}: {
  uses: number;
  remaining: number;
  refill: QuotaRefill | null;
}): string {
  const left = `${remaining.toLocaleString('en')} of ${uses.toLocaleString('en')} ${uses === 1 ? 'use' : 'uses'} left`;
  return refill ? `${left} ${periodNames[refill]}` : left;
}
