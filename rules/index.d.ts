export declare const passwordLength: { readonly min: number; readonly max: number };
export declare const tokenNameMaxLength: number;
/** Why a token name would be refused (a sentence to show), or null when it is fine. Judged after trimming. */
export declare function tokenNameProblem(name: string): string | null;
export declare const tokenMaxLifetimeDays: number;
export declare const tokenMinLifetimeDays: number;
export declare const tokenLifetimeDays: {
  readonly DAYS_7: number;
  readonly DAYS_30: number;
  readonly DAYS_60: number;
  readonly DAYS_90: number;
  readonly YEAR_1: number;
};
/** The instants a custom expiry may fall between (inclusive), judged at `now`. */
export declare function customExpiryBounds(
  now: Date,
  maxLifetimeDays?: number | null,
): { earliest: Date; latest: Date };
/** The expiry a date (`YYYY-MM-DD`) stands for: the start of that day in UTC; null when it is not a real date. */
export declare function expiryOfDate(date: string): Date | null;
/** The first and last dates (`YYYY-MM-DD`) whose expiry is within `customExpiryBounds(now)`. */
export declare function customExpiryDates(now: Date, maxLifetimeDays?: number | null): { first: string; last: string };
export declare const tokenDescriptionMaxLength: number;
/** Why a token description would be refused (a sentence to show), or null when it is fine. Judged after trimming. */
export declare function tokenDescriptionProblem(description: string): string | null;
export declare const securityHeaders: {
  readonly 'Referrer-Policy': 'same-origin';
  readonly 'X-Content-Type-Options': 'nosniff';
  readonly 'X-Frame-Options': 'DENY';
};
export declare const strictTransportSecurity: string;
export declare const sessionCookieNames: {
  readonly http: 'latchkey_session';
  readonly https: '__Host-latchkey_session';
};
export declare function tokenNameKey(name: string): string;

/** The settings UI publishes its unexpected server-side errors here; the server that mounts it logs them. */
export declare const uiErrorChannel: string;

/**
 * Bounds of a token's controls (issue 16): the address allowlist, the rate limit and the usage quota. The API
 * enforces them; the UI and CLI explain them before sending.
 */
export declare const tokenControlLimits: {
  readonly maxAllowedAddresses: number;
  readonly rateLimitRequests: { readonly min: number; readonly max: number };
  readonly rateLimitWindowSeconds: { readonly min: number; readonly max: number };
  readonly quotaUses: { readonly min: number; readonly max: number };
};
/** The rate-limit windows the UI and CLI offer by name, in seconds (the API takes any whole number in bounds). */
export declare const rateLimitWindowNames: {
  readonly second: 1;
  readonly minute: 60;
  readonly hour: 3600;
  readonly day: 86400;
};
/**
 * How long a wait is, as people say it, rounded up: whole seconds under a minute, whole minutes under two hours,
 * whole hours under two days, else whole days ("45 seconds", "10 minutes", "1 minute", "3 days"). Every retry
 * time the API, UI and CLI show is worded by this.
 */
export declare function waitPhrase(seconds: number): string;
/**
 * What the settings UI's server adds to the API calls it makes for a browser (form actions, page loads), so the
 * API sees the browser's address rather than the UI's: a key only the server that mounts the UI knows (handed to
 * it as LATCHKEY_UI_FORWARDING_KEY), the address the browser's request came from, and its X-Forwarded-For.
 */
export declare const uiForwardingHeaders: { readonly key: 'x-latchkey-ui-key'; readonly peer: 'x-latchkey-ui-peer' };
