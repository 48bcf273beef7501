import { describe, expect, it } from 'vitest';
import { expiryWarning, formatTimeLeft } from './expiry';

const now = new Date('2026-03-01T12:00:00.000Z');
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const inHours = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();

describe('formatTimeLeft', () => {
  it('rounds to the nearest day, so 2 days and 23 hours reads as 3 days', () => {
    expect(formatTimeLeft(2 * DAY + 23 * HOUR)).toBe('3 days');
    expect(formatTimeLeft(2 * DAY + 12 * HOUR)).toBe('3 days');
    expect(formatTimeLeft(2 * DAY + 12 * HOUR - MINUTE)).toBe('2 days');
    expect(formatTimeLeft(DAY + 11 * HOUR)).toBe('1 day');
    expect(formatTimeLeft(7 * DAY)).toBe('7 days');
  });

  it('counts hours under a day, and becomes a day once that is the nearer', () => {
    expect(formatTimeLeft(HOUR)).toBe('1 hour');
    expect(formatTimeLeft(5 * HOUR + 29 * MINUTE)).toBe('5 hours');
    expect(formatTimeLeft(23 * HOUR + 29 * MINUTE)).toBe('23 hours');
    expect(formatTimeLeft(23 * HOUR + 30 * MINUTE)).toBe('1 day');
  });

  it('says less than an hour for the last minutes', () => {
    expect(formatTimeLeft(59 * MINUTE)).toBe('less than an hour');
    expect(formatTimeLeft(1)).toBe('less than an hour');
  });
});

describe('expiryWarning', () => {
  it('says how long is left when a token expires within a week', () => {
    expect(expiryWarning(inHours(3 * 24 + 5), now)).toBe('Expires in 3 days');
    expect(expiryWarning(inHours(2 * 24 + 23), now)).toBe('Expires in 3 days');
    expect(expiryWarning(inHours(7 * 24), now)).toBe('Expires in 7 days');
    expect(expiryWarning(inHours(30), now)).toBe('Expires in 1 day');
    expect(expiryWarning(inHours(2), now)).toBe('Expires in 2 hours');
  });

  it('says nothing for tokens further away or already expired', () => {
    expect(expiryWarning(inHours(7 * 24 + 1), now)).toBeNull();
    expect(expiryWarning(inHours(-1), now)).toBeNull();
    expect(expiryWarning(now.toISOString(), now)).toBeNull();
  });
});
