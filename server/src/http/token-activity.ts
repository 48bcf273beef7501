import { type DocumentNode, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { activityRecorder } from '../activity/recorder.js';
import { boundedOperationNames } from '../metrics/operation-names.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { authenticationOf } from './authentication.js';

/**
 * Counts each GraphQL request a token makes to Latchkey's own API in its activity, by operation name (bounded:
 * clients choose the names), once its document is parsed: a document that does not parse names nothing and is
 * not counted. Counted on parsing, not around execution: a hook around execution costs every request more.
 * Other services' uses are counted where they are verified (tokens/verification.ts).
 */
export function useTokenActivity(): Plugin {
  const operationName = boundedOperationNames();
  return {
    onParse({ context }) {
      const { request, params } = context as { request: Request; params: { operationName?: string | null } };
      const { viewer, requestedAt, origin } = authenticationOf(request);
      const token = viewer?.token;
      if (!token) return;
      return ({ result }) => {
        if (!result || result instanceof Error) return;
        const name = params.operationName ?? getOperationAST(result as DocumentNode)?.name?.value;
        activityRecorder.count(token, requestedAt, BUILT_IN_SERVICE_ID, operationName(name ?? undefined), origin.ip);
      };
    },
  };
}
