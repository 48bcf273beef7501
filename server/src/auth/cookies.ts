import { sessionCookieNames } from '@latchkey/rules';
import { config } from '../config.js';

/**
 * Whether people reach the site over https. LATCHKEY_PUBLIC_URL says so when it is set: behind a TLS proxy
 * the request itself is plain http, often to 127.0.0.1. Without it, the request's own URL.
 */
export function servedOverHttps(requestUrl: string, publicUrl = config.publicUrl): boolean {
  return /^https:/i.test(publicUrl ?? requestUrl);
}

/** Browsers keep `Secure` cookies only from https (and localhost); the name follows, `__Host-` needs `Secure`. */
export function cookiesMustBeSecure(requestUrl: string): boolean {
  return servedOverHttps(requestUrl);
}

export function sessionCookieName(requestUrl: string): string {
  return servedOverHttps(requestUrl) ? sessionCookieNames.https : sessionCookieNames.http;
}

/** Every value the Cookie header gives the session cookie: more than one means someone else planted one. */
export function sessionCookieValues(request: Request): string[] {
  const name = sessionCookieName(request.url);
  const values: string[] = [];
  for (const pair of request.headers.get('cookie')?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) values.push(pair.slice(separator + 1).trim());
  }
  return values;
}

export function sessionCookie(value: string, expiresAt: Date, secure: boolean): string {
  const attributes = [
    `${secure ? sessionCookieNames.https : sessionCookieNames.http}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function expiredSessionCookie(secure: boolean): string {
  return sessionCookie('', new Date(0), secure);
}
