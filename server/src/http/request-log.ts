import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../audit/actor.js';
import { config } from '../config.js';
import { logEvent } from '../logging/logger.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import { forwardedClientAddress, requestOrigin, type ServerContext } from './request-origin.js';

/** One JSON log line per request: what was asked, by whom (never with what credential), and the outcome. */
export function useRequestLog(): Plugin<{ viewer: Viewer | null }> {
  const started = new WeakMap<Request, { at: number; ip: string | null }>();
  const details = new WeakMap<Request, Record<string, unknown>>();
  return {
    // The address is read now: once a refused body has been abandoned, node has detached the socket.
    onRequest({ request, serverContext }) {
      started.set(request, { at: performance.now(), ip: requestOrigin(request, serverContext as ServerContext).ip });
    },
    onExecute({ args }) {
      const context = args.contextValue;
      details.set(context.request, {
        operation: args.operationName ?? null,
        viewer: context.viewer?.userId ?? null,
        via: context.viewer ? (context.viewer.token ? 'token' : 'session') : null,
        tokenId: context.viewer?.token?.id ?? null,
      });
    },
    onResponse({ request, response }) {
      const url = new URL(request.url);
      const start = started.get(request);
      logEvent('request', {
        requestId: response.headers.get(REQUEST_ID_HEADER),
        method: request.method,
        path: url.pathname,
        status: response.status,
        durationMs: millisecondsSince(start?.at ?? performance.now()),
        ip: start?.ip ?? null,
        ...details.get(request),
      });
    },
  };
}

/** The request line of a page or file of the settings UI, its 404s among them, once it is answered. */
export function logUiRequest(request: IncomingMessage, response: ServerResponse, requestId: string): void {
  const at = performance.now();
  const forwardedFor = request.headers['x-forwarded-for'];
  const forwarded =
    config.trustedProxyHops > 0 && typeof forwardedFor === 'string'
      ? forwardedClientAddress(forwardedFor, config.trustedProxyHops)
      : null;
  const ip = forwarded ?? request.socket.remoteAddress ?? null;
  response.once('finish', () =>
    logEvent('request', {
      requestId,
      method: request.method,
      path: new URL(request.url ?? '/', 'http://localhost').pathname,
      status: response.statusCode,
      durationMs: millisecondsSince(at),
      ip,
    }),
  );
}

function millisecondsSince(at: number): number {
  return Math.round((performance.now() - at) * 10) / 10;
}
