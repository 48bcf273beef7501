// Plain JavaScript, so that Node, Vite and svelte.config.js load it as it is, with no build step.
// The API enforces these; the UI and the CLI import them to explain the rule before a request is sent.

/** Password length for sign-up and password changes, in characters. */
export const passwordLength = Object.freeze({ min: 8, max: 128 });

/** Token names: at most this many characters (code points), after trimming. */
export const tokenNameMaxLength = 100;

/** The lifetimes a new token may be given: the API's `TokenExpiration` values, in days. */
export const tokenLifetimeDays = Object.freeze({ DAYS_30: 30, DAYS_60: 60, DAYS_90: 90, YEAR_1: 365 });

/** Sent with every response, whether the API or the settings UI made it. */
export const securityHeaders = Object.freeze({
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
});
