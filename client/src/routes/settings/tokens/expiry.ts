const DAY = 24 * 60 * 60 * 1000;

/** How far ahead an active token's expiry is called out beside its date. */
export const EXPIRY_WARNING_DAYS = 7;

/** "Expires in 3 days" for an active token close to its end; null when it is further away or already over. */
export function expiryWarning(expiresAt: string, now: Date): string | null {
  const remaining = new Date(expiresAt).getTime() - now.getTime();
  if (remaining <= 0 || remaining > EXPIRY_WARNING_DAYS * DAY) return null;
  if (remaining < DAY) return 'Expires within a day';
  const days = Math.floor(remaining / DAY);
  return `Expires in ${days} ${days === 1 ? 'day' : 'days'}`;
}
