import type { ServerResponse } from 'node:http';
import { Histogram, type Registry } from 'prom-client';
import { FORWARD_AUTH_PATH } from '../http/forward-auth.js';
import type { RequestTimer, TimedRoute } from '../http/http-server.js';
import { INTROSPECTION_PATH } from '../http/introspection.js';

/** The endpoints the operator's services call, by path; a revocation stream lasts as long as it is open, untimed. */
const SERVICE_ENDPOINTS = new Map([
  [INTROSPECTION_PATH, 'introspection'],
  [FORWARD_AUTH_PATH, 'forward_auth'],
]);

/** Every label value is one of a few constants: a request's path chooses among them, never becomes one. */
function endpointOf(route: TimedRoute, target: string): string | null {
  if (route !== 'service') return route;
  const queryStart = target.indexOf('?');
  return SERVICE_ENDPOINTS.get(queryStart === -1 ? target : target.slice(0, queryStart)) ?? null;
}

/**
 * `latchkey_http_request_duration_seconds{endpoint}` for what is served beside GraphQL (whose operations
 * graphql.ts times): introspection, forward auth, the probes and the settings UI, from the request's arrival to
 * its last byte handed to the socket.
 */
export function requestTimer(registry: Registry): RequestTimer {
  const durations = new Histogram({
    name: 'latchkey_http_request_duration_seconds',
    help: 'Time to answer requests served beside GraphQL: introspection, forward auth, health probes, the UI.',
    labelNames: ['endpoint'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  return (route: TimedRoute, target: string, response: ServerResponse) => {
    const endpoint = endpointOf(route, target);
    if (endpoint === null) return;
    const stop = durations.startTimer({ endpoint });
    response.once('finish', () => stop());
  };
}
