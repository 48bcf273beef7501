import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A proxy's or client's id is kept when it is 1 to 128 visible ASCII characters: no spaces, nothing to forge lines with. */
const ACCEPTED_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** The id the request came with, when it is acceptable; else a new one. */
export function requestIdFor(sent: string | null | undefined): string {
  return sent && ACCEPTED_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** Answers every API request with its id, which the request log then reads from the response. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdFor(request.headers.get(REQUEST_ID_HEADER)));
    },
  };
}

/** For what is served straight from node:http: the response carries the request's id, which is returned. */
export function answerWithRequestId(request: IncomingMessage, response: ServerResponse): string {
  const sent = request.headers['x-request-id'];
  const requestId = requestIdFor(typeof sent === 'string' ? sent : undefined);
  response.setHeader(REQUEST_ID_HEADER, requestId);
  return requestId;
}
