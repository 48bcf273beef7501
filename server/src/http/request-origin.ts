import type { IncomingMessage } from 'node:http';
import type { RequestOrigin } from '../audit/events.js';
import { config } from '../config.js';

/** What Node's HTTP server hands Yoga with each request. */
export interface ServerContext {
  req?: IncomingMessage;
}

export function requestOrigin(request: Request, serverContext: ServerContext): RequestOrigin {
  const forwarded = config.trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return {
    ip: forwarded || serverContext.req?.socket.remoteAddress || null,
    userAgent: request.headers.get('user-agent'),
  };
}
