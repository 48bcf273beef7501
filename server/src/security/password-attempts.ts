import { normalizeEmail } from '../auth/accounts.js';
import { requireViewer } from '../auth/viewer.js';
import { ServerBusyError } from '../errors.js';
import { addressSubject } from './address-subject.js';
import {
  answerBusyWith503,
  type EnforcementContext,
  enforceRateLimits,
  type RateLimitCheck,
  refundRateLimits,
} from './enforce.js';
import type { RateLimitRules } from './rate-limits.js';

type Context = EnforcementContext & { rateLimits: RateLimitRules };

/**
 * Runs one password sign-in (`signIn`, or `signUp` with an email that may have an account) within its limits:
 * failures and successes each per address and per account, addresses first. Every attempt counts against
 * both until its outcome is known; the one that did not happen is then taken back (both, when the server
 * was too busy to check).
 */
export async function limitSignInAttempt<T>(context: Context, email: string, attempt: () => Promise<T>): Promise<T> {
  const ip = addressSubject(context.origin.ip);
  const account = normalizeEmail(email);
  const { rateLimits } = context;
  const failedFromIp: RateLimitCheck = [rateLimits.signInFailuresPerIp, ip];
  const failedForAccount: RateLimitCheck = [rateLimits.signInFailuresPerAccount, account];
  const succeededFromIp: RateLimitCheck = [rateLimits.signInsPerIp, ip];
  const succeededForAccount: RateLimitCheck = [rateLimits.signInsPerAccount, account];
  await enforceRateLimits(context, [failedFromIp, succeededFromIp, failedForAccount, succeededForAccount]);
  return settle(context, attempt, [failedFromIp, failedForAccount], [succeededFromIp, succeededForAccount]);
}

/**
 * Confirms the signed-in person's password (sudo mode, password change). Wrong passwords count per session,
 * apart from anonymous sign-in failures, so strangers who know the email cannot lock the owner out of
 * changing a password, the way to evict a session thief.
 */
export async function limitPasswordConfirmation(context: Context, confirm: () => Promise<void>): Promise<void> {
  const viewer = requireViewer(context);
  const failures: RateLimitCheck[] = [
    [context.rateLimits.passwordConfirmationFailuresPerSession, viewer.session?.id ?? viewer.userId],
  ];
  await enforceRateLimits(context, failures);
  await settle(context, confirm, failures, []);
}

async function settle<T>(
  context: Context,
  attempt: () => Promise<T>,
  failures: RateLimitCheck[],
  successes: RateLimitCheck[],
): Promise<T> {
  let outcome: T;
  try {
    outcome = await answerBusyWith503(context, attempt);
  } catch (error) {
    await refundRateLimits(context, error instanceof ServerBusyError ? [...failures, ...successes] : successes);
    throw error;
  }
  await refundRateLimits(context, failures);
  return outcome;
}
