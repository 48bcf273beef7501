import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../audit/actor.js';
import { logEvent } from '../logging/logger.js';
import type { ServerContext } from './request-origin.js';

/** One JSON log line per request: what was asked, by whom (never with what credential), and the outcome. */
export function useRequestLog(): Plugin<{ viewer: Viewer | null }> {
  const started = new WeakMap<Request, number>();
  const details = new WeakMap<Request, Record<string, unknown>>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
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
    onResponse({ request, response, serverContext }) {
      const url = new URL(request.url);
      logEvent('request', {
        method: request.method,
        path: url.pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - (started.get(request) ?? performance.now())) * 10) / 10,
        ip: (serverContext as ServerContext).req?.socket.remoteAddress ?? null,
        ...details.get(request),
      });
    },
  };
}
