import { getOperationAST, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { activityRecorder } from '../activity/recorder.js';
import { NeverStaleMemo } from '../caches.js';
import { boundedOperationNames } from '../metrics/operation-names.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { authenticationOf } from './authentication.js';

/** A document's operation name when the request names none (`Anonymous` for an unnamed one); null when it does not parse. */
function documentOperationName(query: string): string | null {
  try {
    return getOperationAST(parse(query))?.name?.value ?? 'Anonymous';
  } catch {
    return null;
  }
}

/**
 * Counts each GraphQL request a token makes to Latchkey's own API in its activity, by operation name (bounded:
 * clients choose the names). Counted from the request's parameters (after automatic persisted queries filled in
 * the text), not from a hook around parsing or execution: those cost every request several microseconds
 * (bench/README.md). A document that does not parse names nothing and is not counted. Other services' uses are
 * counted where they are verified (tokens/verification.ts).
 */
export function useTokenActivity(): Plugin {
  const operationName = boundedOperationNames();
  // Clients send the same few documents again and again: each is read once.
  const namesByDocument = new NeverStaleMemo<string, string | null>(1000);
  return {
    onParams({ params, request }) {
      const { viewer, requestedAt, origin } = authenticationOf(request);
      const token = viewer?.token;
      if (!token || typeof params.query !== 'string') return;
      // Parameters are not validated yet: a client may send any JSON as the name.
      let name: string | null | undefined = typeof params.operationName === 'string' ? params.operationName : undefined;
      if (!name) {
        name = namesByDocument.get(params.query);
        if (name === undefined) {
          name = documentOperationName(params.query);
          namesByDocument.set(params.query, name);
        }
      }
      if (name === null) return;
      activityRecorder.count(token, requestedAt, BUILT_IN_SERVICE_ID, operationName(name), origin.ip);
    },
  };
}
