import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cspDirectives, ROUTE_ANNOUNCER_STYLE_HASH } from './content-security-policy.js';
import { fallbackContentSecurityPolicy, withSecurityHeaders } from './security-headers';

const expectedHeaders = {
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

describe('withSecurityHeaders', () => {
  it('adds the security headers to a page and keeps the policy SvelteKit set, with its nonce', () => {
    const page = new Response('<!doctype html>', {
      headers: { 'content-type': 'text/html', 'content-security-policy': "script-src 'self' 'nonce-abc'" },
    });
    const secured = withSecurityHeaders(page);
    expect(Object.fromEntries(secured.headers)).toEqual({
      ...expectedHeaders,
      'content-type': 'text/html',
      'content-security-policy': "script-src 'self' 'nonce-abc'",
    });
  });

  it('gives the policy to responses SvelteKit sends without one, such as the static error page', () => {
    const secured = withSecurityHeaders(new Response('unavailable', { status: 503 }));
    expect(secured.status).toBe(503);
    expect(secured.headers.get('content-security-policy')).toBe(fallbackContentSecurityPolicy);
    expect(secured.headers.get('x-frame-options')).toBe('DENY');
  });

  it('copies a response whose headers cannot change, keeping its status and location', () => {
    const redirect = Response.redirect('http://localhost/sign-in', 303);
    expect(() => redirect.headers.set('x-test', '1')).toThrow();
    const secured = withSecurityHeaders(redirect);
    expect(secured.status).toBe(303);
    expect(secured.headers.get('location')).toBe('http://localhost/sign-in');
    expect(secured.headers.get('referrer-policy')).toBe('same-origin');
  });
});

describe('the content security policy', () => {
  it('is strict: nothing inline for scripts, nothing from other origins, no framing', () => {
    expect(fallbackContentSecurityPolicy).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; " +
        `style-src-attr 'unsafe-hashes' '${ROUTE_ANNOUNCER_STYLE_HASH}'; img-src 'self' data: blob:; ` +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
        "frame-ancestors 'none'",
    );
    expect(fallbackContentSecurityPolicy).not.toContain('unsafe-inline');
  });

  it("allows exactly the inline style of SvelteKit's route announcer", () => {
    const root = readFileSync(
      path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../.svelte-kit/generated/root.svelte'),
      'utf8',
    );
    const styles = [...root.matchAll(/style="([^"]*)"/g)].map((match) => match[1] ?? '');
    expect(styles).toHaveLength(1);
    const hashes = styles.map((style) => `sha256-${createHash('sha256').update(style).digest('base64')}`);
    expect(cspDirectives['style-src-attr']).toEqual(['unsafe-hashes', ...hashes]);
  });
});
