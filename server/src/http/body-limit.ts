import { createGraphQLError, type Plugin } from 'graphql-yoga';

const tooLarge = () =>
  createGraphQLError('Request body too large', {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });

// One non-negative integer; anything else (signs, lists as in request-smuggling attempts) is refused.
const CONTENT_LENGTH = /^\d+$/;

/**
 * Refuses request bodies over `limit` bytes with 413. Yoga's built-in limit pipes every body through a
 * counting stream: a stream pipeline, an AbortSignal and an AbortError per request, about a tenth of a
 * small request's CPU. A body with a valid Content-Length cannot outgrow it (node's HTTP parser reads
 * exactly that many bytes, and refuses Content-Length beside chunked encoding), so only bodies without
 * one are counted as they arrive.
 */
export function useRequestBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw createGraphQLError('Content-Length header is invalid.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(contentLength) > limit) throw tooLarge();
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((unmeasured) => {
        let bytesRead = 0;
        const counted = unmeasured.body?.pipeThrough(
          new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              bytesRead += chunk.byteLength;
              if (bytesRead > limit) controller.error(tooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(unmeasured.url, {
            method: unmeasured.method,
            headers: unmeasured.headers,
            signal: unmeasured.signal,
            body: counted ?? null,
            // @ts-expect-error `duplex` is required for a streamed body but missing from the DOM types.
            duplex: 'half',
          }),
        );
      });
    },
  };
}
