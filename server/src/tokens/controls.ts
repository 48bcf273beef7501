import type { QuotaRefill } from '../generated/prisma/client.js';
import { AddressAllowlist } from './address-allowlist.js';

export type { QuotaRefill };

export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

export interface Quota {
  uses: number;
  /** The UTC calendar period after which it starts again; null when it never does. */
  refill: QuotaRefill | null;
}

/** A token's quota as stored: uses are counted from `since`, when it was set or its refill last changed. */
export interface CountedQuota extends Quota {
  since: Date;
}

/** What a token is held to beyond its permissions and expiry, checked on every use (issue 16). */
export interface TokenControls<QuotaKind extends Quota = CountedQuota> {
  allowlist: AddressAllowlist | null;
  rateLimit: RateLimit | null;
  quota: QuotaKind | null;
}

/** Controls as asked for, before they are stored: a quota without its start. */
export type RequestedControls = TokenControls<Quota>;

/** The columns that hold a token's controls. */
export interface ControlColumns {
  allowedAddresses: string | null;
  rateLimitRequests: number | null;
  rateLimitWindowSeconds: number | null;
  quotaUses: number | null;
  quotaRefill: QuotaRefill | null;
  quotaSince: Date | null;
}

/** The quota its columns hold, or null. */
export function quotaOf(
  columns: Pick<ControlColumns, 'quotaUses' | 'quotaRefill' | 'quotaSince'>,
): CountedQuota | null {
  const { quotaUses: uses, quotaRefill: refill, quotaSince: since } = columns;
  // Quotas are always stored with their start; the epoch stands in should one ever lack it.
  return uses === null ? null : { uses, refill, since: since ?? new Date(0) };
}

/** A token's controls, or null when it has none: the one check a token without them pays per request. */
export function controlsOf(columns: ControlColumns): TokenControls | null {
  const allowlist = AddressAllowlist.fromColumn(columns.allowedAddresses);
  const { rateLimitRequests: requests, rateLimitWindowSeconds: windowSeconds } = columns;
  const rateLimit = requests !== null && windowSeconds !== null ? { requests, windowSeconds } : null;
  const quota = quotaOf(columns);
  return allowlist || rateLimit || quota ? { allowlist, rateLimit, quota } : null;
}

/** The columns that store `controls` (every control left out is cleared). */
export function controlColumns(controls: Partial<TokenControls>): ControlColumns {
  return {
    allowedAddresses: controls.allowlist?.entries.join(' ') || null,
    rateLimitRequests: controls.rateLimit?.requests ?? null,
    rateLimitWindowSeconds: controls.rateLimit?.windowSeconds ?? null,
    quotaUses: controls.quota?.uses ?? null,
    quotaRefill: controls.quota?.refill ?? null,
    quotaSince: controls.quota?.since ?? null,
  };
}

/**
 * The quota a token is held to once `requested` replaces `current` at `now`: a new count unless only the number
 * of uses changed (then the uses counted so far this period still count).
 */
export function countedQuota(requested: Quota | null, current: CountedQuota | null, now: Date): CountedQuota | null {
  if (!requested) return null;
  const keepsCount = current !== null && current.refill === requested.refill;
  return { ...requested, since: keepsCount ? current.since : now };
}

// From the strictest refill (never) to the most generous.
const REFILL_ORDER: readonly (QuotaRefill | null)[] = [null, 'MONTH', 'WEEK', 'DAY'];

/**
 * What would let a token held to `parent` pass on more than it has, or null: a child of a token with an
 * allowlist must be held to addresses inside it, and a child of a limited token to a rate limit no faster and a
 * quota no larger, refilled no more often. Otherwise a token stolen from behind its controls could mint itself
 * a way around them.
 */
export function controlsDelegationProblem(
  parent: RequestedControls | null,
  child: RequestedControls | null,
): 'allowedAddresses' | 'rateLimit' | 'quota' | null {
  if (!parent) return null;
  if (parent.allowlist && !(child?.allowlist && parent.allowlist.covers(child.allowlist))) return 'allowedAddresses';
  if (parent.rateLimit) {
    const limit = child?.rateLimit;
    // Requests per second compared without division: a/b ≤ c/d ⇔ a·d ≤ c·b for positive windows.
    if (!limit || limit.requests * parent.rateLimit.windowSeconds > parent.rateLimit.requests * limit.windowSeconds) {
      return 'rateLimit';
    }
  }
  if (parent.quota) {
    const quota = child?.quota;
    if (!quota || quota.uses > parent.quota.uses) return 'quota';
    if (REFILL_ORDER.indexOf(quota.refill) > REFILL_ORDER.indexOf(parent.quota.refill)) return 'quota';
  }
  return null;
}
