import { describe, expect, it } from 'vitest';
import { safeRedirectTarget, signInPath } from './redirect';

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

  it('builds the sign-in link that brings the person back', () => {
    expect(signInPath('/settings/tokens')).toBe('/sign-in?redirectTo=%2Fsettings%2Ftokens');
  });
});
