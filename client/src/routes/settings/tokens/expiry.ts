const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** How far ahead an active token's expiry is called out beside its date. */
export const EXPIRY_WARNING_DAYS = 7;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "3 days" for 2 days and 23 hours: rounded to the nearest day from a day on and to the nearest hour below, as
 * people say it, rather than cut down to "2 days".
 */
export function formatTimeLeft(milliseconds: number): string {
  if (milliseconds < HOUR) return 'less than an hour';
  const hours = Math.round(milliseconds / HOUR);
  if (hours < 24) return count(hours, 'hour', 'hours');
  return count(Math.round(milliseconds / DAY), 'day', 'days');
}

/** "Expires in 3 days" for an active token close to its end; null when it is further away or already over. */
export function expiryWarning(expiresAt: string, now: Date): string | null {
  const remaining = new Date(expiresAt).getTime() - now.getTime();
  if (remaining <= 0 || remaining > EXPIRY_WARNING_DAYS * DAY) return null;
  return `Expires in ${formatTimeLeft(remaining)}`;
}
