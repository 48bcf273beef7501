export interface ReconnectPolicy {
  /** The delay the server asked for with `retry:` (1 s until it says otherwise). */
  serverRetryMs: number;
  /** A 503's `Retry-After`, in milliseconds, for the attempt that got it. */
  retryAfterMs: number | null;
  maxDelayMs: number;
}

/**
 * How long to wait before reconnection attempt `attempt` (0 for the first after a loss): the first at once,
 * then the server's `retry:` delay doubling, never sooner than a `Retry-After`, and never more than
 * `maxDelayMs`. `random` (0 to 1) spreads services that lost Latchkey together by up to a fifth either way.
 */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy, random: number): number {
  const backoff = attempt === 0 ? 0 : policy.serverRetryMs * 2 ** (attempt - 1) * (0.8 + 0.4 * random);
  return Math.round(Math.min(policy.maxDelayMs, Math.max(backoff, policy.retryAfterMs ?? 0)));
}

/** `Retry-After` in milliseconds: delay-seconds, or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
