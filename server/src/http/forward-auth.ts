import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerSecret, INVALID_TOKEN_CHALLENGE } from '../auth/authenticate.js';
import type { Clock } from '../clock.js';
import { serviceRequests, tokenVerifications } from '../metrics/counts.js';
import { verifyTokenForService } from '../services/token-for-service.js';
import { UsageLimited } from '../tokens/usage-limits.js';
import { headerCount } from './raw-headers.js';
import { answer, authenticatedService, proxiedClientAddress, serviceRateLimited } from './service-requests.js';

export const FORWARD_AUTH_PATH = '/verify';

/** The header a reverse proxy sends its service key in. */
export const SERVICE_KEY_HEADER = 'x-latchkey-service-key';

/** The client's bearer secret; a repeated Authorization header is no secret at all. */
function clientSecret(request: IncomingMessage): string | null {
  const { authorization } = request.headers;
  return authorization && headerCount(request, 'authorization') === 1 ? bearerSecret(authorization) : null;
}

/**
 * Forward authentication for reverse proxies (nginx `auth_request`, Traefik ForwardAuth, Caddy `forward_auth`):
 * `GET /verify?service=<id>&permission=<name>` with the proxy's service key in `X-Latchkey-Service-Key` and the
 * client's own `Authorization: Bearer` header. 200 with who and what (`X-Latchkey-*` headers) lets the request
 * through; 401 a bad token, 403 a token without the permission. The proxy must drop any `X-Latchkey-*` header
 * the client sent itself (docs/services.md has configurations that do).
 */
export async function handleForwardAuth(
  request: IncomingMessage,
  response: ServerResponse,
  clock: Clock,
): Promise<void> {
  serviceRequests.forward_auth++;
  const now = clock.now();
  const query = new URLSearchParams(request.url?.slice(request.url.indexOf('?') + 1) ?? '');
  const presentedKey = headerCount(request, SERVICE_KEY_HEADER) === 1 ? request.headers[SERVICE_KEY_HEADER] : null;
  const service = await authenticatedService(query.get('service'), String(presentedKey ?? ''), now);
  if (!service) {
    return answer(response, 401, JSON.stringify({ error: 'invalid_client' }), {
      'WWW-Authenticate': 'LatchkeyServiceKey realm="latchkey"',
    });
  }
  const retryAfter = await serviceRateLimited(service);
  if (retryAfter !== null) return answer(response, 429, '', { 'Retry-After': String(retryAfter) });
  const required = query.getAll('permission');
  const unknown = required.find((name) => !service.permissions.some((permission) => permission.name === name));
  if (unknown !== undefined) {
    // The proxy's configuration, not the client, is wrong: say so to the operator, let nothing through.
    return answer(
      response,
      500,
      JSON.stringify({
        error: 'invalid_request',
        error_description: `${service.id} has no permission ${unknown.slice(0, 100)}`,
      }),
    );
  }
  const secret = clientSecret(request);
  if (!secret) tokenVerifications.invalid++;
  const seen = secret ? await verifyTokenForService(service, secret, now, proxiedClientAddress(request)) : null;
  // One refusal for every bad token, as Latchkey's own API answers them: nothing tells the reasons apart.
  if (!seen) return answer(response, 401, '', INVALID_TOKEN_CHALLENGE);
  if (seen instanceof UsageLimited) {
    return answer(response, 429, '', { 'Retry-After': String(seen.retryAfterSeconds) });
  }
  const missing = required.filter((name) => !seen.permissions.includes(name));
  if (missing.length > 0) {
    return answer(response, 403, '', {
      'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${missing.join(' ')}"`,
    });
  }
  answer(response, 200, '', {
    'X-Latchkey-User-Id': seen.userId,
    'X-Latchkey-Token-Id': seen.tokenId,
    'X-Latchkey-Permissions': seen.permissions.join(' '),
  });
}
