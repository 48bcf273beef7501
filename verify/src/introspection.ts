import type { LatchkeyPrincipal } from './principal.js';

/**
 * Latchkey's answer about one token. `verifyEachUse` (the token has an address allowlist, a rate limit or a
 * quota) means the answer counted one use and holds for that use only.
 */
export type Introspected =
  | { readonly kind: 'active'; readonly principal: LatchkeyPrincipal; readonly verifyEachUse: boolean }
  | { readonly kind: 'inactive' }
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface IntrospectionRequest {
  endpoint: string;
  /** The service's `Authorization: Basic …` value. */
  authorization: string;
  secret: string;
  /** The address the verified request came from, for the token's address allowlist. */
  clientAddress: string | undefined;
  timeoutMs: number;
  fetch: typeof fetch;
}

const INACTIVE: Introspected = { kind: 'inactive' };

/** The principal in an active RFC 7662 answer, or null when the answer is not one Latchkey gives. */
function principalOf(answer: unknown): LatchkeyPrincipal | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const { sub, token_id: tokenId, scope, exp } = answer as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof tokenId !== 'string' || typeof scope !== 'string') return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  return Object.freeze({
    userId: sub,
    tokenId,
    permissions: Object.freeze(scope.split(' ').filter((permission) => permission !== '')),
    expiresAt: new Date(exp * 1000),
  });
}

/** What an answer that is not `active: true` means: `rate_limited` is the one inactive answer with a reason. */
function inactiveAnswer(answer: Record<string, unknown> | null): Introspected {
  if (answer?.latchkey_reason !== 'rate_limited') return INACTIVE;
  const retryAfter = answer.latchkey_retry_after;
  if (typeof retryAfter !== 'number' || !Number.isFinite(retryAfter) || retryAfter < 0) {
    return { kind: 'unavailable', reason: 'introspection answered rate_limited without latchkey_retry_after' };
  }
  // Retry-After takes whole seconds; rounding down would invite a retry that is refused again.
  return { kind: 'rate_limited', retryAfterSeconds: Math.ceil(retryAfter) };
}

function formOf(request: IntrospectionRequest): string {
  const form = new URLSearchParams({ token: request.secret });
  if (request.clientAddress) form.set('latchkey_client_address', request.clientAddress);
  return form.toString();
}

/** Asks Latchkey's introspection endpoint about one token. Never throws: a failure is `unavailable`. */
export async function introspect(request: IntrospectionRequest): Promise<Introspected> {
  let response: Response;
  try {
    response = await request.fetch(request.endpoint, {
      method: 'POST',
      headers: {
        authorization: request.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: formOf(request),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  let answer: unknown;
  try {
    answer = await response.json();
  } catch {
    return { kind: 'unavailable', reason: `introspection answered HTTP ${response.status} without JSON` };
  }
  if (response.status !== 200) {
    const error = (answer as { error?: unknown } | null)?.error;
    return { kind: 'unavailable', reason: `introspection answered HTTP ${response.status} ${String(error ?? '')}` };
  }
  const fields = typeof answer === 'object' ? (answer as Record<string, unknown> | null) : null;
  if (fields?.active !== true) return inactiveAnswer(fields);
  const principal = principalOf(answer);
  return principal
    ? { kind: 'active', principal, verifyEachUse: fields.latchkey_verify_each_use === true }
    : { kind: 'unavailable', reason: 'introspection gave an active answer without sub, token_id, scope or exp' };
}
