import type { LatchkeyPrincipal, TokenVerification, VerifyOptions, VerifyResult } from '../../src/principal.js';

export const principal: LatchkeyPrincipal = {
  userId: 'VXNlcjox',
  tokenId: 'UGVyc29uYWxBY2Nlc3NUb2tlbjox',
  permissions: ['reports:read'],
  expiresAt: new Date('2027-01-01T00:00:00Z'),
};

/**
 * A verifier for the adapters' tests, whose answer is fixed by the header: `Bearer reader` holds
 * `reports:read`, `Bearer down` finds Latchkey unavailable, anything else is invalid. It records the
 * permission each call asked for.
 */
export function scriptedVerifier(): TokenVerification & { asked: Array<string | undefined> } {
  const asked: Array<string | undefined> = [];
  return {
    asked,
    async verify(header: string | null | undefined, options?: VerifyOptions): Promise<VerifyResult> {
      asked.push(options?.permission);
      if (header === 'Bearer down') return { ok: false, error: 'unavailable' };
      if (header !== 'Bearer reader') return { ok: false, error: 'invalid_token' };
      const permission = options?.permission;
      if (permission !== undefined && !principal.permissions.includes(permission)) {
        return { ok: false, error: 'insufficient_scope' };
      }
      return { ok: true, principal };
    },
  };
}
