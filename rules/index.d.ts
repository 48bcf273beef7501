export declare const passwordLength: { readonly min: number; readonly max: number };
export declare const tokenNameMaxLength: number;
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
