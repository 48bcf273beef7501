import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { activityRecorder } from '../activity/recorder.js';
import type { Context } from '../context.js';
import { boundedOperationNames } from '../metrics/operation-names.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';

/**
 * Counts each GraphQL operation a token runs against Latchkey's own API in its activity, by operation name
 * (bounded: clients choose the names). Operations the document checks refuse never run, and are not counted.
 * Other services' uses are counted where they are verified (tokens/verification.ts).
 */
export function useTokenActivity(): Plugin<Context> {
  const operationName = boundedOperationNames();
  return {
    onExecute({ args }) {
      const { viewer, requestedAt, origin } = args.contextValue;
      const token = viewer?.token;
      if (!token) return;
      const name = args.operationName ?? getOperationAST(args.document)?.name?.value;
      activityRecorder.count(token, requestedAt, BUILT_IN_SERVICE_ID, operationName(name ?? undefined), origin.ip);
    },
  };
}
