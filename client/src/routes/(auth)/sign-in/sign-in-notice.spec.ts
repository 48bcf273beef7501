import { describe, expect, it } from 'vitest';
import { signInNotice } from './sign-in-notice';

describe('signInNotice', () => {
  it('says nothing on a first visit: nothing went wrong', () => {
    expect(signInNotice(null)).toBeNull();
  });

  it('confirms a sign-out the person asked for', () => {
    expect(signInNotice('signed-out')).toBe('You have signed out.');
  });

  it('explains a session that ended without the person signing out', () => {
    expect(signInNotice('session-ended')).toBe(
      'You were signed out: your session expired, or your password was changed on another device. Sign in again to continue.',
    );
  });
});
