import type { VerifyRefused } from './principal.js';

export interface RefusalResponse {
  status: 401 | 403 | 429 | 503;
  headers: Record<string, string>;
  body: string;
}

/**
 * The HTTP answer to a refused verification: RFC 6750's challenges, 429 when the token's rate limit or quota is
 * spent, or 503 when Latchkey could not be asked.
 */
export function refusalResponse(refused: VerifyRefused, permission: string | undefined): RefusalResponse {
  const json = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  switch (refused.error) {
    case 'invalid_token':
      return {
        status: 401,
        headers: { ...json, 'www-authenticate': 'Bearer error="invalid_token"' },
        body: '{"error":"invalid_token"}',
      };
    case 'insufficient_scope':
      return {
        status: 403,
        headers: {
          ...json,
          'www-authenticate': `Bearer error="insufficient_scope"${permission ? `, scope="${permission}"` : ''}`,
        },
        body: '{"error":"insufficient_scope"}',
      };
    case 'rate_limited':
      return {
        status: 429,
        headers: { ...json, 'retry-after': String(refused.retryAfterSeconds) },
        body: '{"error":"rate_limited"}',
      };
    case 'unavailable':
      return { status: 503, headers: { ...json, 'retry-after': '1' }, body: '{"error":"unavailable"}' };
  }
}
