import { randomBytes } from 'node:crypto';

let lastMillisecond = 0;
let sequence = 0;

/**
 * Time-ordered identifiers: rows created in the same millisecond (or under a frozen test clock)
 * still sort in creation order, which "newest first" pagination relies on as its tie-breaker.
 */
export function newId(): string {
  const millisecond = Math.max(Date.now(), lastMillisecond);
  sequence = millisecond === lastMillisecond ? sequence + 1 : 0;
  lastMillisecond = millisecond;
  return (
    millisecond.toString(36).padStart(9, '0') + sequence.toString(36).padStart(4, '0') + randomBytes(8).toString('hex')
  );
}

/** Whether `id` could be one `newId` made (lower-case base-36 and hex); anything else cannot exist, whatever it holds. */
export function isWellFormedId(id: string): boolean {
  return /^[0-9a-z]+$/.test(id);
}
