import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import { CREDENTIALS_REVOCATION_PATH, handleCredentialsRevocation } from './credentials-revocation.js';
import { FORWARD_AUTH_PATH, handleForwardAuth } from './forward-auth.js';
import { handleIntrospection, INTROSPECTION_PATH } from './introspection.js';
import { handleRevocationStream, REVOCATION_STREAM_PATH } from './revocation-stream.js';
import { answer, type ServiceRouteOptions } from './service-requests.js';
import { logUnexpectedError } from './unexpected-failures.js';

type ServiceHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  clock: Clock,
  options: ServiceRouteOptions,
) => Promise<void>;
type ServiceRoute = (request: IncomingMessage, response: ServerResponse) => void;

const HANDLERS = new Map<string, ServiceHandler>([
  [INTROSPECTION_PATH, handleIntrospection],
  [FORWARD_AUTH_PATH, handleForwardAuth],
  [REVOCATION_STREAM_PATH, handleRevocationStream],
  // Public, not for services: whoever finds a leaked token reports it here.
  [CREDENTIALS_REVOCATION_PATH, handleCredentialsRevocation],
]);

function run(
  handler: ServiceHandler,
  request: IncomingMessage,
  response: ServerResponse,
  clock: Clock,
  options: ServiceRouteOptions,
): void {
  handler(request, response, clock, options).catch((error: unknown) => {
    // Nothing of ours in the answer: the same masked 500 as the GraphQL API's.
    logUnexpectedError(error);
    if (!response.headersSent) answer(response, 500, JSON.stringify({ error: 'server_error' }));
    else response.destroy();
  });
}

/**
 * For a request target, the handler of the endpoint the operator's services call there, or undefined; tokens
 * are judged at `clock`'s time. The path is taken as sent: configured programs send it exactly.
 */
export function serviceRoutes(
  clock: Clock,
  options: ServiceRouteOptions = {},
): (target: string) => ServiceRoute | undefined {
  return (target) => {
    const queryStart = target.indexOf('?');
    const handler = HANDLERS.get(queryStart === -1 ? target : target.slice(0, queryStart));
    return handler && ((request, response) => run(handler, request, response, clock, options));
  };
}
