import { createYoga } from 'graphql-yoga';
import { type Clock, systemClock } from './clock.js';
import { config } from './config.js';
import { type Context, createContext } from './context.js';
import { useRequestBodyLimit } from './http/body-limit.js';
import { useDocumentLimits } from './http/document-limits.js';
import { maskUnexpectedError } from './http/error-masking.js';
import { useFieldSuggestionsForViewersOnly } from './http/field-suggestions.js';
import { useInputErrorCodes } from './http/input-error-codes.js';
import { useNoOriginalErrors } from './http/no-original-errors.js';
import { useRequestLog } from './http/request-log.js';
import type { ServerContext } from './http/request-origin.js';
import { useResponseEffects } from './http/response-effects.js';
import { useSameOriginSessions } from './http/same-origin.js';
import { useStorableText } from './http/storable-text.js';
import { isLogging } from './logging/logger.js';
import { schema } from './schema/index.js';
import { type RateLimits, rateLimitRules } from './security/rate-limits.js';

export interface LatchkeyOptions {
  clock?: Clock;
  tokenLimitPerUser?: number;
  rateLimits?: Partial<RateLimits>;
  graphqlEndpoint?: string;
}

export function createLatchkeyYoga(options: LatchkeyOptions = {}) {
  const contextOptions = {
    clock: options.clock ?? systemClock,
    tokenLimitPerUser: options.tokenLimitPerUser ?? config.tokenLimitPerUser,
    rateLimits: rateLimitRules({ ...config.rateLimits, ...options.rateLimits }),
  };
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    context: (initial) => createContext(initial, contextOptions),
    maskedErrors: { maskError: maskUnexpectedError },
    batching: false,
    landingPage: false,
    graphiql: false,
    // Same-origin UI only: no CORS headers, so browsers refuse other sites' scripts.
    cors: false,
    // Our own limit (useRequestBodyLimit) measures only bodies that do not state their length.
    maxRequestBodySize: false,
    logging: 'warn',
    plugins: [
      useRequestBodyLimit(config.maxRequestBodyBytes),
      useSameOriginSessions(),
      // With logging off its hooks would still run on every request, for nothing.
      ...(isLogging() ? [useRequestLog()] : []),
      useResponseEffects(),
      useInputErrorCodes(),
      useStorableText(),
      useNoOriginalErrors(),
      ...useDocumentLimits(),
      useFieldSuggestionsForViewersOnly(contextOptions.clock),
    ],
  });
}
