import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { logUnexpectedError } from '../http/unexpected-failures.js';

export const METRICS_PATH = '/metrics';

/** `GET /metrics` in Prometheus's text format, on its own port; nothing else. */
export function createMetricsServer(registry: Registry): Server {
  return createServer((request, response) => {
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    if ((queryStart === -1 ? target : target.slice(0, queryStart)) !== METRICS_PATH) {
      return response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Use GET.');
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      (error: unknown) => {
        logUnexpectedError(error);
        response.writeHead(500, { 'Content-Type': 'text/plain' }).end('Metrics could not be collected.');
      },
    );
  });
}
