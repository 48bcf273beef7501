import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError } from 'graphql';
import { createGraphQLError, createYoga, maskError, type Plugin } from 'graphql-yoga';
import { type Clock, systemClock } from './clock.js';
import { config } from './config.js';
import { type Context, carriesValidCredential, createContext, type ServerContext } from './context.js';
import { useRequestBodyLimit } from './http/body-limit.js';
import { crossSiteRefusal, simpleBodyRefusal } from './http/same-origin.js';
import { isLogging, logEvent } from './logging/logger.js';
import { schema } from './schema/index.js';
import { type RateLimits, rateLimitRules } from './security/rate-limits.js';

export interface LatchkeyOptions {
  clock?: Clock;
  tokenLimitPerUser?: number;
  rateLimits?: Partial<RateLimits>;
  graphqlEndpoint?: string;
}

/** The limits every document must stay within, checked before anything runs. */
export const documentLimits = {
  depth: 12,
  aliases: 15,
  tokens: 1000,
  directives: 50,
  cost: 20000,
};

/** Errors we raise on purpose (auth, bad input) reach the caller as they are; anything else is masked and logged. */
function isDeliberateError(error: unknown): boolean {
  const isGraphQLError = (value: unknown): value is GraphQLError =>
    value instanceof Error && value.name === 'GraphQLError';
  return isGraphQLError(error) && (error.originalError == null || isGraphQLError(error.originalError));
}

/** Request errors (malformed JSON, say) would otherwise echo the parser's own error, body included. */
function useNoOriginalErrors(): Plugin<Context> {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      if (!result.errors.some((error) => error.extensions?.originalError)) return;
      setResult({
        ...result,
        errors: result.errors.map((error) => {
          if (!error.extensions?.originalError) return error;
          const { originalError: _dropped, http, ...extensions } = error.extensions as Record<string, unknown>;
          // Without `spec`, Yoga keeps the request error's own status (400) rather than answering 200.
          const status = (http as { status?: number } | undefined)?.status;
          return createGraphQLError(error.message, {
            nodes: error.nodes,
            path: error.path,
            extensions: status ? { ...extensions, http: { status } } : extensions,
          });
        }),
      });
    },
  };
}

/** Applies what resolvers asked of the response (cookies, a 429 status) and our security headers. */
function useResponseEffects(): Plugin<Context> {
  const contexts = new WeakMap<Request, Context>();
  return {
    onContextBuilding({ context }) {
      return ({ context: built }) => {
        contexts.set(context.request, built);
      };
    },
    onResponse({ request, response, setResponse }) {
      const effects = contexts.get(request)?.response;
      response.headers.set('X-Content-Type-Options', 'nosniff');
      response.headers.set('Referrer-Policy', 'no-referrer');
      response.headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      response.headers.set('Cache-Control', 'no-store');
      if (!effects) return;
      for (const cookie of effects.cookies) response.headers.append('Set-Cookie', cookie);
      for (const [name, value] of effects.headers) response.headers.set(name, value);
      if (effects.status) {
        setResponse(new Response(response.body, { status: effects.status, headers: response.headers }));
      }
    },
  };
}

// A NUL character, or half of a UTF-16 surrogate pair, is never meaningful input, and the databases refuse them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL character is the point.
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const MAX_VARIABLE_NESTING = 32;

/** Walks without recursion: variables are caller-controlled and may nest thousands deep. */
function unstorableTextProblem(root: unknown): string | null {
  const pending: [unknown, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (typeof value === 'string') {
      if (UNSTORABLE_TEXT.test(value)) return 'Text may not contain NUL characters or unpaired UTF-16 surrogates.';
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_VARIABLE_NESTING) return `Variables may nest at most ${MAX_VARIABLE_NESTING} levels deep.`;
      for (const item of Object.values(value)) pending.push([item, depth + 1]);
    }
  }
  return null;
}

/** Refuses documents and variables carrying text no column can hold, before anything runs. */
function useStorableText(): Plugin<Context> {
  return {
    onParams({ params }) {
      const problem = unstorableTextProblem(params.query) ?? unstorableTextProblem(params.variables);
      if (problem) throw createGraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    },
  };
}

/** Variable coercion errors (an unknown enum value, a wrong type) come without a code; give them one. */
function useInputErrorCodes(): Plugin<Context> {
  return {
    onExecute() {
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result) || !result.errors) return;
          for (const error of result.errors) {
            if (error.path === undefined && error.extensions.code === undefined) {
              (error.extensions as Record<string, unknown>).code = 'BAD_USER_INPUT';
            }
          }
        },
      };
    },
  };
}

/** "Did you mean …?" maps the schema for whoever asks; only authenticated callers get the hints. */
function useFieldSuggestionsForViewersOnly(clock: Clock): Plugin<Context> {
  return {
    async onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      if (!result.errors.some((error) => error.message.includes('Did you mean'))) return;
      if (await carriesValidCredential(request, clock.now())) return;
      setResult({
        ...result,
        errors: result.errors.map((error) =>
          error.message.includes('Did you mean')
            ? Object.assign(Object.create(Object.getPrototypeOf(error)), error, {
                message: error.message.replace(/ ?Did you mean .*$/, ''),
              })
            : error,
        ),
      });
    },
  };
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status });
}

/** Cookie-authenticated calls from other sites, and bodies browsers can send without a preflight, are refused. */
function useSameOriginSessions(): Plugin<Context> {
  return {
    onRequest({ request, endResponse }) {
      const crossSite = crossSiteRefusal(request);
      if (crossSite) {
        logEvent('csrf_refused', { reason: crossSite });
        return endResponse(refusal(403, 'CSRF', 'Cross-site requests with a session cookie are refused.'));
      }
      const simpleBody = simpleBodyRefusal(request);
      if (simpleBody) {
        logEvent('csrf_refused', { reason: simpleBody });
        return endResponse(refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json.'));
      }
    },
  };
}

/** One JSON log line per request: what was asked, by whom (never with what credential), and the outcome. */
function useRequestLog(): Plugin<Context> {
  const started = new WeakMap<Request, number>();
  const details = new WeakMap<Request, Record<string, unknown>>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onExecute({ args }) {
      const context = args.contextValue;
      details.set(context.request, {
        operation: args.operationName ?? null,
        viewer: context.viewer?.userId ?? null,
        via: context.viewer ? (context.viewer.token ? 'token' : 'session') : null,
        tokenId: context.viewer?.token?.id ?? null,
      });
    },
    onResponse({ request, response, serverContext }) {
      const url = new URL(request.url);
      logEvent('request', {
        method: request.method,
        path: url.pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - (started.get(request) ?? performance.now())) * 10) / 10,
        ip: (serverContext as ServerContext).req?.socket.remoteAddress ?? null,
        ...details.get(request),
      });
    },
  };
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
    maskedErrors: {
      maskError: (error, message, isDev) =>
        isDeliberateError(error) ? (error as Error) : maskError(error, message, isDev),
    },
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
      maxTokensPlugin({ n: documentLimits.tokens }),
      maxDepthPlugin({ n: documentLimits.depth, ignoreIntrospection: true, flattenFragments: true }),
      maxAliasesPlugin({ n: documentLimits.aliases }),
      maxDirectivesPlugin({ n: documentLimits.directives }),
      costLimitPlugin({
        maxCost: documentLimits.cost,
        objectCost: 2,
        scalarCost: 1,
        depthCostFactor: 1.5,
        ignoreIntrospection: true,
      }),
      useFieldSuggestionsForViewersOnly(contextOptions.clock),
    ],
  });
}
