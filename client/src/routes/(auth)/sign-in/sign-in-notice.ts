import type { SignInReason } from '$lib/redirect';

/** Why the sign-in page is shown again, in a sentence; a first visit needs none. */
export function signInNotice(reason: SignInReason | null): string | null {
  switch (reason) {
    case 'signed-out':
      return 'You have signed out.';
    case 'session-ended':
      return 'You were signed out: your session expired, or your password was changed on another device. Sign in again to continue.';
    default:
      return null;
  }
}
