import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../audit/actor.js';
import { logEvent } from '../logging/logger.js';
import { requestOrigin, type ServerContext } from './request-origin.js';

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
        method: request.method,
        path: url.pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - (start?.at ?? performance.now())) * 10) / 10,
        ip: start?.ip ?? null,
        ...details.get(request),
      });
    },
  };
}
