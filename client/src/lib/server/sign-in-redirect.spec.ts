import { sessionCookieNames } from '@latchkey/rules';
import { describe, expect, it } from 'vitest';
import { signInRedirect } from './sign-in-redirect';

const sessionCookie = `${Object.values(sessionCookieNames)[0]}=stale-session`;

describe('signInRedirect', () => {
  it('says nothing went wrong on a first visit, without a session cookie', () => {
    expect(signInRedirect('/settings/tokens', null)).toBe('/sign-in?redirectTo=%2Fsettings%2Ftokens');
    expect(signInRedirect('/settings/tokens', 'other=1')).toBe('/sign-in?redirectTo=%2Fsettings%2Ftokens');
  });

  it('says the session ended when the browser still sends one the API no longer knows', () => {
    expect(signInRedirect('/settings/password', `other=1; ${sessionCookie}`)).toBe(
      '/sign-in?redirectTo=%2Fsettings%2Fpassword&reason=session-ended',
    );
  });
});
