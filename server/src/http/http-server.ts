import { createServer, type ServerResponse } from 'node:http';
import { securityHeaders, strictTransportSecurity } from '@latchkey/rules';
import { servedOverHttps } from '../auth/cookies.js';
import type { Clock } from '../clock.js';
import type { Readiness } from '../lifecycle/readiness.js';
import { isLogging } from '../logging/logger.js';
import { httpRequests } from '../metrics/counts.js';
import { createLatchkeyYoga, type LatchkeyPlugin } from '../yoga.js';
import { healthRoutes } from './health.js';
import { answerWithRequestId } from './request-id.js';
import { logUiRequest } from './request-log.js';
import { serviceRoutes } from './service-routes.js';
import { lazyUiHandler } from './ui.js';

/** How often a draining server closes the connections whose request has been answered meanwhile. */
const IDLE_CLOSE_INTERVAL_MS = 100;

/**
 * One origin: the service and health endpoints straight from node:http, the API at /graphql, the settings UI
 * (when built) everywhere else.
 */
/**
 * Times a request that GraphQL's own metrics do not (the service endpoints, the probes, the UI), by the route it
 * took; set only when metrics are served (lifecycle/instrumentation.ts).
 */
export type RequestTimer = (route: TimedRoute, target: string, response: ServerResponse) => void;
export type TimedRoute = 'service' | 'health' | 'ui';

export function createHttpServer(
  clock: Clock,
  readiness: Readiness,
  instrumentation: LatchkeyPlugin[] = [],
  timeRequest: RequestTimer | null = null,
) {
  const yoga = createLatchkeyYoga({ instrumentation });
  const serviceRouteFor = serviceRoutes(clock);
  const healthRouteFor = healthRoutes(readiness);
  let ui: ReturnType<typeof lazyUiHandler> = null;
  let overHttps = false;
  let draining = false;

  /** The API's path taken as sent (no URL parse on the hot path), else as the URL parser normalises it. */
  function isApiRequest(target: string): boolean {
    const queryStart = target.indexOf('?');
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    return path === yoga.graphqlEndpoint || new URL(target, 'http://localhost').pathname === yoga.graphqlEndpoint;
  }

  const server = createServer((request, response) => {
    // A client must not send its next request on a connection that is about to close.
    if (draining) response.setHeader('Connection', 'close');
    const target = request.url ?? '/';
    const serviceRoute = serviceRouteFor(target);
    if (serviceRoute) {
      httpRequests.service++;
      timeRequest?.('service', target, response);
      answerWithRequestId(request, response);
      return serviceRoute(request, response);
    }
    const healthRoute = healthRouteFor(target);
    if (healthRoute) {
      httpRequests.health++;
      timeRequest?.('health', target, response);
      answerWithRequestId(request, response);
      return healthRoute(request, response);
    }
    if (!ui || isApiRequest(target)) {
      httpRequests.graphql++;
      return yoga(request, response);
    }
    httpRequests.ui++;
    timeRequest?.('ui', target, response);
    const requestId = answerWithRequestId(request, response);
    if (isLogging()) logUiRequest(request, response, requestId);
    // Static files are served before SvelteKit's hooks run; pages set these (and their CSP) themselves.
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    if (overHttps) response.setHeader('Strict-Transport-Security', strictTransportSecurity);
    ui(request, response, () => response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found'));
  });

  return {
    server,
    graphqlEndpoint: yoga.graphqlEndpoint,
    /** Serves the settings UI (when built) for `publicUrl`, known once the server listens; true if there is one. */
    serveUi(publicUrl: string): boolean {
      overHttps = servedOverHttps(publicUrl);
      ui = lazyUiHandler(publicUrl);
      return ui !== null;
    },
    /**
     * Stops accepting connections, lets every request in flight finish, and closes each connection as soon as
     * its request is answered. After `timeoutMs` the remaining connections are cut; resolves with whether
     * everything finished in time.
     */
    drain(timeoutMs: number): Promise<boolean> {
      draining = true;
      return new Promise((resolve) => {
        let cut = false;
        const closeIdle = setInterval(() => server.closeIdleConnections(), IDLE_CLOSE_INTERVAL_MS);
        const bound = setTimeout(() => {
          cut = true;
          server.closeAllConnections();
        }, timeoutMs);
        server.close(() => {
          clearInterval(closeIdle);
          clearTimeout(bound);
          resolve(!cut);
        });
        server.closeIdleConnections();
      });
    },
  };
}

export type HttpServer = ReturnType<typeof createHttpServer>;
