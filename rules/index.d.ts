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
export declare function customExpiryBounds(now: Date): { earliest: Date; latest: Date };
/** The expiry a date (`YYYY-MM-DD`) stands for: the start of that day in UTC; null when it is not a real date. */
export declare function expiryOfDate(date: string): Date | null;
/** The first and last dates (`YYYY-MM-DD`) whose expiry is within `customExpiryBounds(now)`. */
export declare function customExpiryDates(now: Date): { first: string; last: string };
export declare const tokenDescriptionMaxLength: number;
/** Why a token description would be refused (a sentence to show), or null when it is fine. Judged after trimming. */
export declare function tokenDescriptionProblem(description: string): string | null;
export declare const securityHeaders: {
  readonly 'Referrer-Policy': 'no-referrer';
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
