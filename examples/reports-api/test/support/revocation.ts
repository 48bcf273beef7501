import { expect } from 'vitest';

/**
 * How long after a revoke returns a request may still beat the revocation's message to the service: the message
 * and the request travel on different connections (and, on PostgreSQL, through another replica), and a busy
 * machine may run the service's request before it reads the message. A token accepted later than this is a
 * revocation that did not arrive.
 */
export const MESSAGE_FLIGHT_MS = 25;

export interface Refusal {
  /** From the revoke's return to the refusing answer's arrival, in milliseconds. */
  afterMs: number;
  /** Requests accepted in the message's flight time, before the refusal. */
  acceptedBefore: number;
}

/**
 * Revokes, then asks the service at once and again until it refuses, failing if it accepts any request sent
 * later than `MESSAGE_FLIGHT_MS` after the revoke returned.
 */
export async function refusedAfterRevoke(revoke: () => Promise<void>, ask: () => Promise<number>): Promise<Refusal> {
  await revoke();
  const revokedAt = performance.now();
  for (let acceptedBefore = 0; ; acceptedBefore++) {
    const sentAt = performance.now();
    const status = await ask();
    if (status !== 200) {
      expect(status).toBe(401);
      return { afterMs: performance.now() - revokedAt, acceptedBefore };
    }
    expect(sentAt - revokedAt, 'the service accepted a revoked token').toBeLessThan(MESSAGE_FLIGHT_MS);
  }
}

export function describeRefusals(refusals: Refusal[]): string {
  const sorted = refusals.map((refusal) => refusal.afterMs).sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  const first = refusals.filter((refusal) => refusal.acceptedBefore === 0).length;
  return `${first} of ${refusals.length} refused on the first request; revoke returned → refusal received p50 ${at(0.5).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`;
}
