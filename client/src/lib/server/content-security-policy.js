// Plain JavaScript so that svelte.config.js (loaded by Node as is) and hooks.server.ts share one policy.

/** @typedef {NonNullable<NonNullable<import('@sveltejs/kit').KitConfig['csp']>['directives']>} CspDirectives */

/**
 * The one inline style the app needs: SvelteKit's route announcer (`.svelte-kit/generated/root.svelte`) is a
 * visually hidden live region with a `style` attribute. `'unsafe-hashes'` lets exactly that attribute value
 * through and no other; a unit test fails if SvelteKit changes it.
 */
export const ROUTE_ANNOUNCER_STYLE_HASH = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/**
 * The Content-Security-Policy of every page. SvelteKit (`kit.csp`, nonce mode) adds a fresh nonce to
 * `script-src` for each response, for its own bootstrap script and for the theme script in app.html.
 * @type {CspDirectives}
 */
export const cspDirectives = {
  'default-src': ['self'],
  'script-src': ['self'],
  'style-src': ['self'],
  'style-src-attr': ['unsafe-hashes', ROUTE_ANNOUNCER_STYLE_HASH],
  // data: for the select arrow in app.css. blob: for the secret's .txt download (an object URL), though a download
  // is a navigation, which no fetch directive governs: the E2E download test passes either way.
  'img-src': ['self', 'data:', 'blob:'],
  'font-src': ['self'],
  'connect-src': ['self'],
  'object-src': ['none'],
  'base-uri': ['none'],
  'form-action': ['self'],
  'frame-ancestors': ['none'],
};

const QUOTED = new Set([
  'self',
  'none',
  'unsafe-eval',
  'unsafe-hashes',
  'unsafe-inline',
  'strict-dynamic',
  'report-sample',
  'wasm-unsafe-eval',
  'script',
]);

/**
 * The header value for responses SvelteKit renders without a policy (the static error page, redirects,
 * data requests): the same directives, serialised as SvelteKit does, without a nonce.
 * @param {CspDirectives} directives
 * @returns {string}
 */
export function serializeCsp(directives) {
  return Object.entries(directives)
    .map(([name, sources]) => {
      const values = (Array.isArray(sources) ? sources : []).map((source) =>
        QUOTED.has(source) || /^(nonce|sha\d{3})-/.test(source) ? `'${source}'` : source,
      );
      return [name, ...values].join(' ');
    })
    .join('; ');
}
