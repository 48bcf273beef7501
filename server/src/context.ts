import type { YogaInitialContext } from 'graphql-yoga';
import type { Viewer } from './audit/actor.js';
import type { RequestOrigin } from './audit/events.js';
import type { Clock } from './clock.js';
import { authenticationOf } from './http/authentication.js';
import type { ServerContext } from './http/request-origin.js';
import type { ResponseEffects } from './http/response-effects.js';
import type { Policies } from './policies/policies.js';
import type { RateLimitRules } from './security/rate-limits.js';

export interface Context {
  viewer: Viewer | null;
  clock: Clock;
  /** When the request arrived: what statuses in its answer are judged at, so they agree with each other. */
  requestedAt: Date;
  origin: RequestOrigin;
  tokenLimitPerUser: number;
  /** The request's URL: the few resolvers that set cookies derive from it whether they must be `Secure`. */
  requestUrl: string;
  rateLimits: RateLimitRules;
  response: ResponseEffects;
  /** The operator's token policies (policies/policies.ts). */
  policies: Policies;
}

export interface ContextOptions {
  clock: Clock;
  tokenLimitPerUser: number;
  rateLimits: RateLimitRules;
  policies: Policies;
}

export function createContext(initial: YogaInitialContext & ServerContext, options: ContextOptions): Context {
  const { request } = initial;
  const { viewer, origin, requestedAt } = authenticationOf(request);
  return {
    viewer,
    clock: options.clock,
    requestedAt,
    origin,
    tokenLimitPerUser: options.tokenLimitPerUser,
    requestUrl: request.url,
    rateLimits: options.rateLimits,
    policies: options.policies,
    response: { cookies: [], status: null, headers: [], rateLimited: [] },
  };
}
