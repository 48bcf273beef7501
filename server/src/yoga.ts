import { createYoga, type YogaServerOptions } from 'graphql-yoga';
import { type Clock, systemClock } from './clock.js';
import { config } from './config.js';
import { type Context, createContext } from './context.js';
import { useAuthenticationFirst } from './http/authentication.js';
import { useRequestBodyLimit } from './http/body-limit.js';
import { useDocumentLimits } from './http/document-limits.js';
import { useErrorEchoLimit } from './http/error-echo-limit.js';
import { maskUnexpectedError } from './http/error-masking.js';
import { useFieldSuggestionsForViewersOnly } from './http/field-suggestions.js';
import { useInputErrorCodes } from './http/input-error-codes.js';
import { useNoOriginalErrors } from './http/no-original-errors.js';
import { useRequestLog } from './http/request-log.js';
import type { ServerContext } from './http/request-origin.js';
import { useResponseEffects } from './http/response-effects.js';
import { useSameOriginSessions } from './http/same-origin.js';
import { useStorableText } from './http/storable-text.js';
import { containFailures, yogaLogger } from './http/unexpected-failures.js';
import { isLogging } from './logging/logger.js';
import { schema } from './schema/index.js';
import { type RateLimits, rateLimitRules } from './security/rate-limits.js';

type LatchkeyPlugin = NonNullable<YogaServerOptions<ServerContext, Context>['plugins']>[number];

export interface LatchkeyOptions {
  clock?: Clock;
  tokenLimitPerUser?: number;
  rateLimits?: Partial<RateLimits>;
  graphqlEndpoint?: string;
  /** Tests replace plugins (with one that throws, say) to see what the assembled server makes of it. */
  replacePlugins?: (plugins: LatchkeyPlugin[]) => LatchkeyPlugin[];
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
    logging: yogaLogger,
    plugins: containFailures(
      (options.replacePlugins ?? ((plugins) => plugins))([
        useRequestBodyLimit(config.maxRequestBodyBytes),
        useSameOriginSessions(),
        useAuthenticationFirst(contextOptions.clock, contextOptions.rateLimits.invalidTokensPerIp),
        // With logging off its hooks would still run on every request, for nothing.
        ...(isLogging() ? [useRequestLog()] : []),
        useResponseEffects(),
        useInputErrorCodes(),
        useStorableText(),
        useNoOriginalErrors(),
        ...useDocumentLimits(),
        useFieldSuggestionsForViewersOnly(),
        useErrorEchoLimit(),
      ]),
    ),
  });
}
