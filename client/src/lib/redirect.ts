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

/** Why someone is on the sign-in page, when it is not their first visit: the page says so. */
export type SignInReason = 'signed-out' | 'session-ended';

export function signInPath(redirectTo: string | null, reason?: SignInReason): string {
  const query = new URLSearchParams();
  if (redirectTo) query.set('redirectTo', redirectTo);
  if (reason) query.set('reason', reason);
  return query.size > 0 ? `/sign-in?${query}` : '/sign-in';
}

export function signInReason(value: string | null): SignInReason | null {
  return value === 'signed-out' || value === 'session-ended' ? value : null;
}

/**
 * The password re-confirmation (sudo) page, for a flow without JavaScript that met ReauthenticationRequiredError:
 * once the password is accepted it sends the person back to `next`, a same-site path, to submit again.
 */
export function confirmPasswordPath(next: string): string {
  return `/settings/confirm-password?${new URLSearchParams({ next })}`;
}
