import type { VerifyRefusal } from './principal.js';

export interface RefusalResponse {
  status: 401 | 403 | 503;
  headers: Record<string, string>;
  body: string;
}

/** The HTTP answer to a refused verification: RFC 6750's challenges, or 503 when Latchkey could not be asked. */
export function refusalResponse(error: VerifyRefusal, permission: string | undefined): RefusalResponse {
  const json = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  switch (error) {
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
    case 'unavailable':
      return { status: 503, headers: { ...json, 'retry-after': '1' }, body: '{"error":"unavailable"}' };
  }
}
