import type { LatchkeyPrincipal } from './principal.js';

export type Introspected =
  | { readonly kind: 'active'; readonly principal: LatchkeyPrincipal }
  | { readonly kind: 'inactive' }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface IntrospectionRequest {
  endpoint: string;
  /** The service's `Authorization: Basic …` value. */
  authorization: string;
  secret: string;
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
      body: `token=${encodeURIComponent(request.secret)}`,
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
  if ((answer as { active?: unknown } | null)?.active !== true) return INACTIVE;
  const principal = principalOf(answer);
  return principal
    ? { kind: 'active', principal }
    : { kind: 'unavailable', reason: 'introspection gave an active answer without sub, token_id, scope or exp' };
}
