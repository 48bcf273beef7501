import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readiness } from '../lifecycle/readiness.js';
import { answer } from './service-requests.js';
import { logUnexpectedError } from './unexpected-failures.js';

export const HEALTH_PATH = '/healthz';
export const READINESS_PATH = '/readyz';

type HealthRoute = (request: IncomingMessage, response: ServerResponse) => void;

const ALIVE = JSON.stringify({ status: 'ok' });

function probe(respond: (response: ServerResponse) => void | Promise<void>): HealthRoute {
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return answer(response, 405, JSON.stringify({ error: 'method_not_allowed' }), { Allow: 'GET, HEAD' });
    }
    Promise.resolve(respond(response)).catch((error: unknown) => {
      logUnexpectedError(error);
      if (!response.headersSent) answer(response, 500, JSON.stringify({ error: 'server_error' }));
    });
  };
}

/**
 * For load balancers and orchestrators: `/healthz` answers while the process runs, `/readyz` says whether this
 * replica should get traffic (200) or not (503, with the reason). Served straight from node:http, so a probe costs
 * no GraphQL; the path is taken as sent, with or without a query.
 */
export function healthRoutes(readiness: Readiness): (target: string) => HealthRoute | undefined {
  const routes = new Map<string, HealthRoute>([
    [HEALTH_PATH, probe((response) => answer(response, 200, ALIVE))],
    [
      READINESS_PATH,
      probe(async (response) => {
        const result = await readiness.check();
        if (result.ready) answer(response, 200, ALIVE);
        else answer(response, 503, JSON.stringify({ status: 'unavailable', reason: result.reason }));
      }),
    ],
  ]);
  return (target) => {
    const queryStart = target.indexOf('?');
    return routes.get(queryStart === -1 ? target : target.slice(0, queryStart));
  };
}
