// Plain JavaScript, so that Node, Vite and svelte.config.js load it as it is, with no build step.
// The API enforces these; the UI and the CLI import them to explain the rule before a request is sent.

/** Password length for sign-up and password changes, in characters. */
export const passwordLength = Object.freeze({ min: 8, max: 128 });

/** Token names: at most this many characters (code points), after trimming. */
export const tokenNameMaxLength = 100;

// Characters that reorder how the text around them is shown (`invoice\u202Efdp.exe` reads as `invoiceexe.pdf`).
const bidiControl = /\p{Bidi_Control}/u;
// Characters with no glyph. Each exception is a sequence whose joiner or selector changes what is drawn,
// so it cannot make two names look alike: an emoji ZWJ sequence (👩‍💻), a variation selector after an
// emoji, a keycap digit or an ideograph, a zero-width non-joiner between Arabic-script letters (Persian
// writes it), and the tags of a subdivision flag (Scotland's, say).
const emoji = '\\p{Extended_Pictographic}[\\u{FE0F}\\u{1F3FB}-\\u{1F3FF}]?';
const visibleSequence = new RegExp(
  [
    `(?<=${emoji})\\u200D(?=\\p{Extended_Pictographic})`,
    '(?<=[\\p{Extended_Pictographic}\\p{Ideographic}])[\\u{FE00}-\\u{FE0F}\\u{E0100}-\\u{E01EF}]',
    '(?<=[0-9#*])\\u{FE0F}(?=\\u{20E3})',
    '(?<=\\p{Script=Arabic}\\p{M}*)\\u200C(?=\\p{Script=Arabic})',
    '(?<=\\u{1F3F4})[\\u{E0020}-\\u{E007E}]+\\u{E007F}',
  ].join('|'),
  'gu',
);
const invisible = /\p{Default_Ignorable_Code_Point}/u;
// Blank though not ignorable: spaces, and the Braille pattern with no dots.
const blank = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{M}\u2800]*$/u;

/**
 * Why a token name would be refused, or null when it is fine. Judged after trimming, as the API stores it.
 * Ordinary text in any script stays allowed; what is refused is what makes a name display differently from
 * what it is, or look the same as another name.
 */
export function tokenNameProblem(name) {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the token a name.';
  if ([...trimmed].length > tokenNameMaxLength) return `Names are at most ${tokenNameMaxLength} characters.`;
  if (/[\p{Cc}\u2028\u2029]/u.test(trimmed)) return 'Names cannot contain control characters.';
  if (bidiControl.test(trimmed)) {
    return 'Names cannot contain bidirectional control characters: they change the order text is shown in.';
  }
  if (blank.test(trimmed)) return 'Names need at least one visible character.';
  if (invisible.test(trimmed.replace(visibleSequence, ''))) {
    return 'Names cannot contain invisible characters such as zero-width spaces: they make different names look the same.';
  }
  return null;
}

/**
 * What makes two token names the same name: trimmed, NFKC-normalised (so `ｄｅｐｌｏｙ` and `ﬁles` meet `deploy`
 * and `files`) and lower-cased. Names are unique, and found, by this key. Text that NFKC leaves alone, nearly all
 * typed text, keys exactly as it did before NFKC was added, so stored keys stay valid.
 * @param {string} name
 * @returns {string}
 */
export function tokenNameKey(name) {
  return name.trim().normalize('NFKC').toLowerCase();
}

/** The longest a token may live, in days: the policy maximum for presets and custom dates alike. */
export const tokenMaxLifetimeDays = 365;

/** The shortest a token given a custom expiry date may live, in days. */
export const tokenMinLifetimeDays = 1;

/** The preset lifetimes a new token may be given: the API's `TokenExpiration` values, in days. */
export const tokenLifetimeDays = Object.freeze({
  DAYS_7: 7,
  DAYS_30: 30,
  DAYS_60: 60,
  DAYS_90: 90,
  YEAR_1: tokenMaxLifetimeDays,
});

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instants a custom expiry may fall between (inclusive), judged at `now`: at least a day away, at most the
 * policy maximum (the operator's `maxTokenLifetimeDays` when it is set and shorter).
 * @param {Date} now
 * @param {number | null} [maxLifetimeDays]
 * @returns {{ earliest: Date, latest: Date }}
 */
export function customExpiryBounds(now, maxLifetimeDays = null) {
  return {
    earliest: new Date(now.getTime() + tokenMinLifetimeDays * DAY_MS),
    latest: new Date(now.getTime() + Math.min(maxLifetimeDays ?? tokenMaxLifetimeDays, tokenMaxLifetimeDays) * DAY_MS),
  };
}

/**
 * The expiry a date (`YYYY-MM-DD`) stands for when a person picks one: the start of that day in UTC; null when it
 * is not a real date.
 * @param {string} date
 * @returns {Date | null}
 */
export function expiryOfDate(date) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const instant = new Date(`${date}T00:00:00.000Z`);
  return Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 10) !== date ? null : instant;
}

/**
 * The first and last dates (`YYYY-MM-DD`) whose expiry (`expiryOfDate`) is within `customExpiryBounds(now)`.
 * @param {Date} now
 * @param {number | null} [maxLifetimeDays]
 * @returns {{ first: string, last: string }}
 */
export function customExpiryDates(now, maxLifetimeDays = null) {
  const { earliest, latest } = customExpiryBounds(now, maxLifetimeDays);
  const first = new Date(Math.ceil(earliest.getTime() / DAY_MS) * DAY_MS);
  const last = new Date(Math.floor(latest.getTime() / DAY_MS) * DAY_MS);
  return { first: first.toISOString().slice(0, 10), last: last.toISOString().slice(0, 10) };
}

/** Token descriptions: at most this many characters (code points), after trimming. */
export const tokenDescriptionMaxLength = 500;

/**
 * Why a token description would be refused, or null when it is fine; empty means no description. One line, like
 * a name, with no control or bidirectional control characters; unlike a name it is not a key, so characters that
 * only make two descriptions look alike are allowed.
 * @param {string} description
 * @returns {string | null}
 */
export function tokenDescriptionProblem(description) {
  const trimmed = description.trim();
  if ([...trimmed].length > tokenDescriptionMaxLength) {
    return `Descriptions are at most ${tokenDescriptionMaxLength} characters.`;
  }
  if (/[\p{Cc}\u2028\u2029]/u.test(trimmed)) return 'Descriptions cannot contain line breaks or control characters.';
  if (bidiControl.test(trimmed)) {
    return 'Descriptions cannot contain bidirectional control characters: they change the order text is shown in.';
  }
  return null;
}

/**
 * Sent with every response, whether the API or the settings UI made it. `same-origin`, not `no-referrer`: other
 * sites still learn nothing, but the browser's own form posts must carry their Origin (`no-referrer` makes it
 * `null`), which SvelteKit's CSRF check of form actions requires.
 */
export const securityHeaders = Object.freeze({
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
});

/** Added to the security headers when people reach the site over https (LATCHKEY_PUBLIC_URL): two years. */
export const strictTransportSecurity = 'max-age=63072000';

/**
 * The session cookie's name. Over https it carries the `__Host-` prefix, so browsers refuse it unless it
 * is `Secure`, host-only and for `/`: a sibling subdomain or a plain-http page cannot plant one.
 */
export const sessionCookieNames = Object.freeze({ http: 'latchkey_session', https: '__Host-latchkey_session' });

/** The settings UI publishes its unexpected server-side errors here; the server that mounts it logs them. */
export const uiErrorChannel = 'latchkey:ui:unexpected-error';

/**
 * Bounds of a token's controls (issue 16): the address allowlist, the rate limit and the usage quota. The API
 * enforces them; the UI and CLI explain them before sending.
 */
export const tokenControlLimits = Object.freeze({
  maxAllowedAddresses: 20,
  rateLimitRequests: Object.freeze({ min: 1, max: 1_000_000 }),
  rateLimitWindowSeconds: Object.freeze({ min: 1, max: 86_400 }),
  quotaUses: Object.freeze({ min: 1, max: 1_000_000_000 }),
});

/** The rate-limit windows the UI and CLI offer by name, in seconds (the API takes any whole number in bounds). */
export const rateLimitWindowNames = Object.freeze({ second: 1, minute: 60, hour: 3_600, day: 86_400 });

/**
 * How long a wait is, as people say it, rounded up: whole seconds under a minute, whole minutes under two hours,
 * whole hours under two days, else whole days ("45 seconds", "10 minutes", "1 minute", "3 days"). Every retry
 * time the API, UI and CLI show is worded by this.
 * @param {number} seconds
 * @returns {string}
 */
export function waitPhrase(seconds) {
  const count = (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return count(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 2 * 3_600) return count(Math.ceil(seconds / 60), 'minute');
  if (seconds < 2 * 86_400) return count(Math.ceil(seconds / 3_600), 'hour');
  return count(Math.ceil(seconds / 86_400), 'day');
}

/**
 * What the settings UI's server adds to the API calls it makes for a browser (form actions, page loads), so the
 * API sees the browser's address rather than the UI's: a key only the server that mounts the UI knows (handed to
 * it as LATCHKEY_UI_FORWARDING_KEY), the address the browser's request came from, and its X-Forwarded-For.
 */
export const uiForwardingHeaders = Object.freeze({ key: 'x-latchkey-ui-key', peer: 'x-latchkey-ui-peer' });
