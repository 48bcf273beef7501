export const SESSION_COOKIE = 'latchkey_session';

export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const name = pair.slice(0, separator).trim();
    if (!cookies.has(name)) cookies.set(name, pair.slice(separator + 1).trim());
  }
  return cookies;
}

/** Browsers refuse `Secure` cookies on plain http, except that localhost counts as a secure context. */
export function cookiesMustBeSecure(requestUrl: string): boolean {
  const { protocol, hostname } = new URL(requestUrl);
  const localHosts = ['localhost', '127.0.0.1', '[::1]'];
  return !(protocol === 'http:' && localHosts.includes(hostname));
}

export function sessionCookie(value: string, expiresAt: Date, secure: boolean): string {
  const attributes = [
    `${SESSION_COOKIE}=${value}`,
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
