import type { Service } from '../permissions/catalogue.js';
import { globalIdFor } from '../synchronous-global-ids.js';
import { tokenVerifier } from '../tokens/verification.js';
import type { VerifiedToken } from '../tokens/verified-token.js';

/** What a service learns of a token it may accept: never more than its own permissions of it. */
export interface TokenSeenByService {
  token: VerifiedToken;
  /** The token's and its owner's global ids, as Latchkey's API, UI and CLI show them. */
  tokenId: string;
  userId: string;
  /** The service's permissions the token holds, implications included, in catalogue order. */
  permissions: string[];
}

/** The permissions of `service` that a token's grants include. */
function permissionsAt(service: Service, token: VerifiedToken): string[] {
  return service.permissions.filter((permission) => token.grants.has(permission.name)).map((p) => p.name);
}

/**
 * A token as `service` may see it (its audience): usable now and holding at least one of the service's
 * permissions; anything else is null, whatever the reason. Last use (with the service) is recorded only for a
 * token the service accepts. Revocation reaches this as it reaches Latchkey's own API: the same verifier cache.
 */
export async function verifyTokenForService(
  service: Service,
  secret: string,
  now: Date,
  clientIp: string | null,
): Promise<TokenSeenByService | null> {
  const token = await tokenVerifier.verify(
    secret,
    now,
    clientIp,
    service.id,
    (candidate) => permissionsAt(service, candidate).length > 0,
  );
  if (!token) return null;
  return {
    token,
    tokenId: globalIdFor('PersonalAccessToken', token.id),
    userId: globalIdFor('User', token.userId),
    permissions: permissionsAt(service, token),
  };
}
