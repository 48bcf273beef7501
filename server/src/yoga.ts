import { createYoga, type YogaServerOptions } from 'graphql-yoga';
import { type Clock, systemClock } from './clock.js';
import { config } from './config.js';
import { type Context, createContext } from './context.js';
import { useAuthenticationFirst } from './http/authentication.js';
import { useRequestBodyLimit } from './http/body-limit.js';
import { corsForBearerTokens } from './http/cors.js';
import { useDocumentLimits } from './http/document-limits.js';
import { useErrorEchoLimit } from './http/error-echo-limit.js';
import { maskUnexpectedError } from './http/error-masking.js';
import { useFieldSuggestionsForViewersOnly } from './http/field-suggestions.js';
import { useGraphiQLPage } from './http/graphiql.js';
import { useInputErrorCodes } from './http/input-error-codes.js';
import { useNoOriginalErrors } from './http/no-original-errors.js';
import { useAutomaticPersistedQueries } from './http/persisted-queries.js';
import { useRequestId } from './http/request-id.js';
import { useRequestLog } from './http/request-log.js';
import type { ServerContext } from './http/request-origin.js';
import { useResponseEffects } from './http/response-effects.js';
import { useSameOriginSessions } from './http/same-origin.js';
import { useStorableText } from './http/storable-text.js';
import { useTokenActivity } from './http/token-activity.js';
import { containFailures, yogaLogger } from './http/unexpected-failures.js';
import { isLogging } from './logging/logger.js';
import { operatorCatalogue } from './permissions/operator-catalogue.js';
import type { Policies } from './policies/policies.js';
import { schema } from './schema/index.js';
import { type RateLimits, rateLimitRules } from './security/rate-limits.js';

export type LatchkeyPlugin = NonNullable<YogaServerOptions<ServerContext, Context>['plugins']>[number];

export interface LatchkeyOptions {
  clock?: Clock;
  tokenLimitPerUser?: number;
  rateLimits?: Partial<RateLimits>;
  /** The operator's token policies; default the catalogue file's `policies`. */
  policies?: Policies;
  graphqlEndpoint?: string;
  /** GraphiQL for browsers at the API's path; default LATCHKEY_GRAPHIQL. */
  graphiql?: boolean;
  /** Origins whose pages may call with a bearer token; default LATCHKEY_CORS_ORIGINS. */
  corsOrigins?: readonly string[];
  /** Tests replace plugins (with one that throws, say) to see what the assembled server makes of it. */
  replacePlugins?: (plugins: LatchkeyPlugin[]) => LatchkeyPlugin[];
  /** Metrics and tracing (lifecycle/instrumentation.ts), first so that they see the whole request. */
  instrumentation?: LatchkeyPlugin[];
}

export function createLatchkeyYoga(options: LatchkeyOptions = {}) {
  const contextOptions = {
    clock: options.clock ?? systemClock,
    tokenLimitPerUser: options.tokenLimitPerUser ?? config.tokenLimitPerUser,
    rateLimits: rateLimitRules({ ...config.rateLimits, ...options.rateLimits }),
    policies: options.policies ?? operatorCatalogue().policies,
  };
  const graphqlEndpoint = options.graphqlEndpoint ?? '/graphql';
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint,
    context: (initial) => createContext(initial, contextOptions),
    maskedErrors: { maskError: maskUnexpectedError },
    batching: false,
    landingPage: false,
    // Yoga's own GraphiQL loads from a CDN and carries no nonce: useGraphiQLPage serves it instead.
    graphiql: false,
    cors: corsForBearerTokens(options.corsOrigins ?? config.corsOrigins),
    // Our own limit (useRequestBodyLimit) measures only bodies that do not state their length.
    maxRequestBodySize: false,
    logging: yogaLogger,
    plugins: containFailures(
      (options.replacePlugins ?? ((plugins) => plugins))([
        ...(options.instrumentation ?? []),
        useRequestBodyLimit(config.maxRequestBodyBytes),
        ...((options.graphiql ?? config.graphiql) ? [useGraphiQLPage(graphqlEndpoint)] : []),
        useSameOriginSessions(),
        useAuthenticationFirst(contextOptions.clock, contextOptions.rateLimits.invalidTokensPerIp),
        // Before the request log, which logs the id this answers with.
        useRequestId(),
        // With logging off its hooks would still run on every request, for nothing.
        ...(isLogging() ? [useRequestLog()] : []),
        useResponseEffects(),
        useInputErrorCodes(),
        // Before every check of the document, so that a text found by its hash goes through them all.
        useAutomaticPersistedQueries(),
        // After persisted queries, which fill in the text a hash stands for.
        useTokenActivity(),
        useStorableText(),
        useNoOriginalErrors(),
        ...useDocumentLimits(),
        useFieldSuggestionsForViewersOnly(),
        useErrorEchoLimit(),
      ]),
    ),
  });
}
