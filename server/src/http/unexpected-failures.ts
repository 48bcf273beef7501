import type { Plugin, YogaLogger } from 'graphql-yoga';
import { logEvent } from '../logging/logger.js';
import { apiResponseHeaders } from './response-effects.js';

/** The one answer to anything we did not expect: no message, stack or path of ours reaches the caller. */
export function unexpectedFailureResponse(): Response {
  return Response.json(
    { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
    { status: 500, headers: apiResponseHeaders },
  );
}

// Yoga may report one error twice on its way out: once is enough.
const loggedErrors = new WeakSet<Error>();

/** The error with its stack under `err`, redacted like every log line. */
export function logUnexpectedError(error: unknown): void {
  if (error instanceof Error) {
    if (loggedErrors.has(error)) return;
    loggedErrors.add(error);
  }
  logEvent(
    'unexpected_error',
    { err: error instanceof Error ? error : { type: typeof error, message: String(error) } },
    'error',
  );
}

/** Yoga's own log (masked errors, warnings) as JSON lines through our redacting logger, not coloured stack traces. */
export const yogaLogger: YogaLogger = {
  debug() {},
  info() {},
  warn: (...args: unknown[]) => logEvent('yoga_warning', { msg: args.map(String).join(' ') }, 'warn'),
  error: (...args: unknown[]) => {
    for (const arg of args) logUnexpectedError(arg);
  },
};

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

/**
 * Yoga answers errors thrown while it handles a request, but one thrown by an `onRequest` or `onResponse`
 * hook (or by a result processor while Yoga answers another error) reaches the server adapter, which
 * answers 500 with the stack trace as the body. This contains them: such errors are logged and answered
 * with `unexpectedFailureResponse()`.
 */
export function containFailures<TPlugin extends object>(plugins: TPlugin[]): (TPlugin | Plugin)[] {
  const outermost: Plugin = {
    onRequest({ requestHandler, setRequestHandler }) {
      setRequestHandler((request, serverContext) => {
        const answerUnexpected = (error: unknown) => {
          logUnexpectedError(error);
          return unexpectedFailureResponse();
        };
        try {
          const response = requestHandler(request, serverContext);
          return isThenable(response) ? Promise.resolve(response).catch(answerUnexpected) : response;
        } catch (error) {
          return answerUnexpected(error);
        }
      });
    },
  };
  return [outermost, ...plugins.map(containHooks)];
}

/** Runs a hook, keeping it synchronous when it is; a failure goes to `contain` instead of the caller. */
function guarded<Payload>(
  hook: (payload: Payload) => unknown,
  payload: Payload,
  contain: () => void,
): Promise<void> | undefined {
  const fail = (error: unknown) => {
    logUnexpectedError(error);
    contain();
  };
  try {
    const result = hook(payload);
    return isThenable(result) ? Promise.resolve(result).then(() => undefined, fail) : undefined;
  } catch (error) {
    fail(error);
    return undefined;
  }
}

function containHooks<TPlugin extends object>(plugin: TPlugin): TPlugin | Plugin {
  const { onRequest, onResponse }: Pick<Plugin, 'onRequest' | 'onResponse'> = plugin;
  if (!onRequest && !onResponse) return plugin;
  const contained: Plugin = { ...plugin };
  if (onRequest) {
    contained.onRequest = (payload) =>
      guarded(onRequest, payload, () => payload.endResponse(unexpectedFailureResponse()));
  }
  if (onResponse) {
    contained.onResponse = (payload) =>
      guarded(onResponse, payload, () => payload.setResponse(unexpectedFailureResponse()));
  }
  return contained;
}
