export const DEFAULT_SIGNED_IN_PATH = '/settings/tokens';

/** Only same-site paths: `redirectTo=https://evil.example` or `//evil.example` must never leave the app. */
export function safeRedirectTarget(value: string | null | undefined, fallback = DEFAULT_SIGNED_IN_PATH): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  try {
    const url = new URL(value, 'http://latchkey.invalid');
    if (url.origin !== 'http://latchkey.invalid') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

export function signInPath(redirectTo: string): string {
  return `/sign-in?${new URLSearchParams({ redirectTo })}`;
}
