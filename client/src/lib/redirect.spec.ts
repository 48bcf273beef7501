import { describe, expect, it } from 'vitest';
import { confirmPasswordPath, safeRedirectTarget, signInPath, signInReason } from './redirect';

describe('safeRedirectTarget', () => {
  it('keeps a path inside the app, with its query', () => {
    expect(safeRedirectTarget('/settings/tokens?status=REVOKED')).toBe('/settings/tokens?status=REVOKED');
  });

  it('falls back for other sites, protocol-relative and backslash tricks', () => {
    for (const target of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      expect(safeRedirectTarget(target)).toBe('/settings/tokens');
    }
    expect(safeRedirectTarget(null)).toBe('/settings/tokens');
  });

  it('builds the password confirmation link that brings the person back', () => {
    expect(confirmPasswordPath('/settings/tokens?status=REVOKED')).toBe(
      '/settings/confirm-password?next=%2Fsettings%2Ftokens%3Fstatus%3DREVOKED',
    );
  });

  it('builds the sign-in link that brings the person back', () => {
    expect(signInPath('/settings/tokens')).toBe('/sign-in?redirectTo=%2Fsettings%2Ftokens');
  });

  it('says why the person is signing in again, and nothing on a first visit', () => {
    expect(signInPath(null, 'signed-out')).toBe('/sign-in?reason=signed-out');
    expect(signInPath('/settings/password', 'session-ended')).toBe(
      '/sign-in?redirectTo=%2Fsettings%2Fpassword&reason=session-ended',
    );
    expect(signInPath(null)).toBe('/sign-in');
    expect(signInReason('session-ended')).toBe('session-ended');
    expect(signInReason('anything else')).toBeNull();
  });
});
