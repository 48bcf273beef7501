import type { LatchkeyPrincipal, TokenVerification, VerifyOptions, VerifyResult } from '../../src/principal.js';

export const principal: LatchkeyPrincipal = {
  userId: 'VXNlcjox',
  tokenId: 'UGVyc29uYWxBY2Nlc3NUb2tlbjox',
  permissions: ['reports:read'],
  expiresAt: new Date('2027-01-01T00:00:00Z'),
};

/**
 * A verifier for the adapters' tests, whose answer is fixed by the header: `Bearer reader` holds
 * `reports:read`, `Bearer limited` is over its rate limit for 30 s, `Bearer down` finds Latchkey unavailable,
 * anything else is invalid. It records the permission and the client address each call gave.
 */
export function scriptedVerifier(): TokenVerification & {
  asked: Array<string | undefined>;
  clientAddresses: Array<string | undefined>;
} {
  const asked: Array<string | undefined> = [];
  const clientAddresses: Array<string | undefined> = [];
  return {
    asked,
    clientAddresses,
    async verify(header: string | null | undefined, options?: VerifyOptions): Promise<VerifyResult> {
      asked.push(options?.permission);
      clientAddresses.push(options?.clientAddress);
      if (header === 'Bearer down') return { ok: false, error: 'unavailable' };
      if (header === 'Bearer limited') return { ok: false, error: 'rate_limited', retryAfterSeconds: 30 };
      if (header !== 'Bearer reader') return { ok: false, error: 'invalid_token' };
      const permission = options?.permission;
      if (permission !== undefined && !principal.permissions.includes(permission)) {
        return { ok: false, error: 'insufficient_scope' };
      }
      return { ok: true, principal };
    },
  };
}
