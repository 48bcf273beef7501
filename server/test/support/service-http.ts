import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { ServiceRouteOptions } from '../../src/http/service-requests.js';
import { serviceRoutes } from '../../src/http/service-routes.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** `Authorization: Basic` for a service's id and key. */
export const basic = (serviceId: string, key: string) =>
  `Basic ${Buffer.from(`${serviceId}:${key}`).toString('base64')}`;

export const FORM: [string, string] = ['Content-Type', 'application/x-www-form-urlencoded'];

/**
 * The endpoints the operator's services call, over real HTTP, mounted as index.ts mounts them and judging tokens
 * at `clock`: started before the file's tests, closed after them. `send` makes a request with each header as
 * often as given (fetch would join repeated ones).
 */
export function serviceEndpointsAt(clock: Clock, options: ServiceRouteOptions = {}) {
  const serviceRouteFor = serviceRoutes(clock, options);
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const route = serviceRouteFor(request.url ?? '/');
      if (route) route(request, response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function send(method: string, path: string, headers: [string, string][], body = ''): Promise<Answer> {
    const grouped: Record<string, string[]> = {};
    for (const [name, value] of headers) grouped[name.toLowerCase()] = [...(grouped[name.toLowerCase()] ?? []), value];
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(`${base}${path}`, { method, headers: grouped }, (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  return { send, base: () => base };
}
