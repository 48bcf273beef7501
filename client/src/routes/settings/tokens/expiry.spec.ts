import { describe, expect, it } from 'vitest';
import { expiryWarning } from './expiry';

const now = new Date('2026-03-01T12:00:00.000Z');
const inHours = (hours: number) => new Date(now.getTime() + hours * 60 * 60 * 1000).toISOString();

describe('expiryWarning', () => {
  it('says how many days are left when a token expires within a week', () => {
    expect(expiryWarning(inHours(3 * 24 + 5), now)).toBe('Expires in 3 days');
    expect(expiryWarning(inHours(7 * 24), now)).toBe('Expires in 7 days');
    expect(expiryWarning(inHours(30), now)).toBe('Expires in 1 day');
  });

  it('says so when less than a day is left', () => {
    expect(expiryWarning(inHours(2), now)).toBe('Expires within a day');
  });

  it('says nothing for tokens further away or already expired', () => {
    expect(expiryWarning(inHours(7 * 24 + 1), now)).toBeNull();
    expect(expiryWarning(inHours(-1), now)).toBeNull();
  });
});
