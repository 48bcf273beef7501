import { tokenControlLimits } from '@latchkey/rules';
import { builder } from '../builder.js';
import type { CountedQuota, RateLimit } from '../tokens/controls.js';
import { quotaPeriod, usageLimits } from '../tokens/usage-limits.js';

// A token's address allowlist, rate limit and quota as the API shows and takes them (issue 16). Their rules:
// tokens/controls.ts, tokens/address-allowlist.ts and tokens/usage-limits.ts.

const { maxAllowedAddresses, rateLimitRequests, rateLimitWindowSeconds, quotaUses } = tokenControlLimits;

export const QuotaRefillEnum = builder.enumType('QuotaRefill', {
  description: 'How often a quota starts again, at the start of each UTC calendar period.',
  values: {
    DAY: { description: 'Every day at 00:00 UTC.' },
    WEEK: { description: 'Every Monday at 00:00 UTC.' },
    MONTH: { description: 'On the first of every month at 00:00 UTC.' },
  },
});

export const TokenRateLimitRef = builder.objectRef<RateLimit>('TokenRateLimit').implement({
  description: 'At most `requests` uses per window of `windowSeconds`; past it, HTTP 429 with `Retry-After`.',
  fields: (t) => ({
    requests: t.exposeInt('requests', { description: 'Uses allowed in one window.' }),
    windowSeconds: t.exposeInt('windowSeconds', {
      description: 'The window, in seconds. Windows are fixed, so a burst may straddle two of them.',
    }),
  }),
});

export const TokenQuotaRef = builder.objectRef<{ tokenId: string; quota: CountedQuota }>('TokenQuota').implement({
  description:
    'At most `uses` uses in all, or per period when it refills; past it, HTTP 429 with `Retry-After`. Counted ' +
    'exactly across replicas.',
  fields: (t) => ({
    uses: t.int({ description: 'Uses allowed (per period, when it refills).', resolve: ({ quota }) => quota.uses }),
    refill: t.field({
      type: QuotaRefillEnum,
      nullable: true,
      description: 'How often it starts again; null when it never does.',
      resolve: ({ quota }) => quota.refill,
    }),
    remaining: t.int({
      description: 'Uses left now, in the current period.',
      resolve: async ({ tokenId, quota }, _args, context) =>
        (await usageLimits.remaining(tokenId, quota, context.requestedAt)).remaining,
    }),
    refillsAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it next starts again; null when it never does.',
      resolve: ({ quota }, _args, context) => quotaPeriod(quota.refill, context.requestedAt).endsAt,
    }),
  }),
});

export const TokenRateLimitInput = builder.inputType('TokenRateLimitInput', {
  description: 'A rate limit: at most `requests` uses per `windowSeconds`.',
  fields: (t) => ({
    requests: t.int({
      required: true,
      description: `Uses allowed per window: ${rateLimitRequests.min} to ${rateLimitRequests.max.toLocaleString('en')}.`,
    }),
    windowSeconds: t.int({
      required: true,
      description: `The window in seconds: ${rateLimitWindowSeconds.min} (a second) to ${rateLimitWindowSeconds.max} (a day).`,
    }),
  }),
});

export const TokenQuotaInput = builder.inputType('TokenQuotaInput', {
  description: 'A usage quota: at most `uses` uses in all, or per `refill` period.',
  fields: (t) => ({
    uses: t.int({
      required: true,
      description: `Uses allowed: ${quotaUses.min} to ${quotaUses.max.toLocaleString('en')}.`,
    }),
    refill: t.field({
      type: QuotaRefillEnum,
      description: 'How often it starts again; left out, it never does. Changing it starts the count again.',
    }),
  }),
});

export const ALLOWED_ADDRESSES_RULES =
  `Addresses it may be used from: IPv4 or IPv6 addresses and CIDR ranges (\`203.0.113.7\`, \`10.0.0.0/8\`, ` +
  `\`2001:db8::/32\`), at most ${maxAllowedAddresses}. A request from anywhere else is refused as if the token ` +
  'were invalid, and its owner sees it in the audit log (`TOKEN_REFUSED_ADDRESS`). A token held to an allowlist ' +
  'may only create or edit tokens held to addresses within it, and a limited token only tokens limited at least ' +
  'as tightly.';
