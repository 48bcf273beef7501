import type { IncomingMessage } from 'node:http';

/**
 * How many times the raw request names a header. Node passes on only the first of some repeated headers
 * (Authorization) and joins others, so a credential sent twice is found here, not in `headers`.
 */
export function headerCount(request: IncomingMessage, lowerCaseName: string): number {
  let count = 0;
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index];
    // Comparing lengths first spares lower-casing every other header.
    if (name?.length === lowerCaseName.length && name.toLowerCase() === lowerCaseName) count++;
  }
  return count;
}
