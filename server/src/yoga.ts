import type { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import { type Clock, systemClock } from './clock.js';
import { config } from './config.js';
import { type Context, createContext, type ServerContext } from './context.js';
import { schema } from './schema/index.js';

export interface LatchkeyOptions {
  clock?: Clock;
  tokenLimitPerUser?: number;
  graphqlEndpoint?: string;
}

/** Copies the cookies resolvers asked for (sign-in, sign-out) onto the response. */
function useResponseCookies(): Plugin<Context> {
  const cookiesByRequest = new WeakMap<Request, string[]>();
  return {
    onContextBuilding({ context }) {
      return ({ context: built }) => {
        cookiesByRequest.set(context.request, built.responseCookies);
      };
    },
    onResponse({ request, response }) {
      for (const cookie of cookiesByRequest.get(request) ?? []) response.headers.append('Set-Cookie', cookie);
    },
  };
}

/** Errors we raise on purpose (auth, bad input) reach the caller as they are; anything else is masked and logged. */
function isDeliberateError(error: unknown): boolean {
  const isGraphQLError = (value: unknown): value is GraphQLError =>
    value instanceof Error && value.name === 'GraphQLError';
  return isGraphQLError(error) && (error.originalError == null || isGraphQLError(error.originalError));
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

export function createLatchkeyYoga(options: LatchkeyOptions = {}) {
  const contextOptions = {
    clock: options.clock ?? systemClock,
    tokenLimitPerUser: options.tokenLimitPerUser ?? config.tokenLimitPerUser,
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
    logging: 'warn',
    plugins: [useResponseCookies(), useInputErrorCodes()],
  });
}
