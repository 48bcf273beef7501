import { randomBytes } from 'node:crypto';
import { Prisma } from './generated/prisma/client.js';

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

const BASE_36_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * An id of `newId`'s shape made by PostgreSQL as a statement runs, from its clock: for rows that must sort after
 * whatever the statement waited for (a row lock), which an id made before sending it could not. The sequence is
 * 0000; the last 16 hex digits are random.
 */
export const newIdOnPostgresql = Prisma.sql`(
  (SELECT string_agg(substr(${BASE_36_DIGITS}, ((now.ms / power(36, place)::bigint) % 36)::int + 1, 1), '' ORDER BY place DESC)
   FROM (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms) AS now, generate_series(0, 8) AS place)
  || '0000' || substr(md5(gen_random_uuid()::text), 1, 16))`;

/** Whether `id` could be one `newId` made (lower-case base-36 and hex); anything else cannot exist, whatever it holds. */
export function isWellFormedId(id: string): boolean {
  return /^[0-9a-z]+$/.test(id);
}
