export declare const passwordLength: { readonly min: number; readonly max: number };
export declare const tokenNameMaxLength: number;
/** Why a token name would be refused (a sentence to show), or null when it is fine. Judged after trimming. */
export declare function tokenNameProblem(name: string): string | null;
export declare const tokenLifetimeDays: {
  readonly DAYS_30: number;
  readonly DAYS_60: number;
  readonly DAYS_90: number;
  readonly YEAR_1: number;
};
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
