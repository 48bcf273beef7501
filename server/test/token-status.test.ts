import { describe, expect, it } from 'vitest';
import { expiresAtFor } from '../src/tokens/expiration.js';
import { TokenStatus, tokenStatus } from '../src/tokens/status.js';

const now = new Date('2026-03-01T00:00:00.000Z');
const later = new Date('2026-04-01T00:00:00.000Z');

describe('token status', () => {
  it('is active before expiry when not revoked', () => {
    expect(tokenStatus({ expiresAt: later, revokedAt: null }, now)).toBe(TokenStatus.ACTIVE);
  });

  it('is revoked before expiry when revoked', () => {
    expect(tokenStatus({ expiresAt: later, revokedAt: now }, now)).toBe(TokenStatus.REVOKED);
  });

  it('is expired from the expiry instant on, revoked or not', () => {
    expect(tokenStatus({ expiresAt: now, revokedAt: null }, now)).toBe(TokenStatus.EXPIRED);
    expect(tokenStatus({ expiresAt: now, revokedAt: now }, later)).toBe(TokenStatus.EXPIRED);
  });

  it('computes expiry presets in whole days from now', () => {
    const day = 24 * 60 * 60 * 1000;
    expect(expiresAtFor('DAYS_30', now).getTime() - now.getTime()).toBe(30 * day);
    expect(expiresAtFor('DAYS_60', now).getTime() - now.getTime()).toBe(60 * day);
    expect(expiresAtFor('DAYS_90', now).getTime() - now.getTime()).toBe(90 * day);
    expect(expiresAtFor('YEAR_1', now).getTime() - now.getTime()).toBe(365 * day);
  });
});
