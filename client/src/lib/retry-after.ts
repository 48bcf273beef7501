import { waitPhrase } from '@latchkey/rules';
import type { CombinedError } from '@urql/core';

/** "Try again in 10 minutes.", worded by the same rule as the API's and the CLI's waits. */
export const tryAgainIn = (retryAfterSeconds: number) => `Try again in ${waitPhrase(retryAfterSeconds)}.`;

/** The API's two answers that say how long to wait. */
export interface WaitOutcome {
  __typename: 'RateLimitedError' | 'ServerBusyError';
  retryAfterSeconds: number;
}

/**
 * What to show for a RateLimitedError or ServerBusyError: composed from `retryAfterSeconds` rather than taken
 * from the API's `message`, so that a form can say what was attempted too often.
 */
export function waitMessage(outcome: WaitOutcome, tooManyAttempts = 'Too many attempts.'): string {
  const reason = outcome.__typename === 'ServerBusyError' ? 'The server is busy.' : tooManyAttempts;
  return `${reason} ${tryAgainIn(outcome.retryAfterSeconds)}`;
}

const isWaitOutcome = (outcome: { __typename?: string } | null | undefined): outcome is WaitOutcome =>
  (outcome?.__typename === 'RateLimitedError' || outcome?.__typename === 'ServerBusyError') &&
  typeof (outcome as { retryAfterSeconds?: unknown }).retryAfterSeconds === 'number';

/** A call that went wrong, as urql reports it in the browser or as `callApi` (lib/server/api.ts) does on the server. */
export type CallFailure =
  | CombinedError
  | { errors: readonly { message: string; extensions?: Record<string, unknown> }[]; status: number };

/**
 * The wait to show for a mutation's answer: its typed RateLimitedError or ServerBusyError, or an HTTP 429 that
 * could only be reported as an error. Null when the answer asks for no wait.
 */
export function waitMessageOf(
  outcome: { __typename?: string } | null | undefined,
  error: CallFailure | undefined,
  tooManyAttempts = 'Too many attempts.',
): string | null {
  if (isWaitOutcome(outcome)) return waitMessage(outcome, tooManyAttempts);
  const retryAfter = retryAfterFromError(error);
  return retryAfter === null ? null : `${tooManyAttempts} ${tryAgainIn(retryAfter)}`;
}

/**
 * The API answers a rate-limited attempt with HTTP 429. urql reads the JSON body into `data` when it can;
 * when it cannot, the status, `Retry-After` header or error extensions on the CombinedError still say so.
 */
export function retryAfterFromError(error: CallFailure | undefined): number | null {
  if (!error) return null;
  const graphQLErrors = 'graphQLErrors' in error ? error.graphQLErrors : error.errors;
  const fromExtensions = graphQLErrors
    .map((graphQLError) => graphQLError.extensions?.retryAfterSeconds)
    .find((value): value is number => typeof value === 'number');
  const response = 'graphQLErrors' in error ? (error.response as Response | undefined) : undefined;
  const status = 'graphQLErrors' in error ? response?.status : error.status;
  if (status !== 429 && fromExtensions === undefined) return null;
  const fromHeader = Number.parseInt(response?.headers?.get('Retry-After') ?? '', 10);
  return fromExtensions ?? (Number.isFinite(fromHeader) ? fromHeader : 60);
}
