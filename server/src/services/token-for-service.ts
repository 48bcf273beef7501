import { perVerifiedToken } from '../caches.js';
import type { Service } from '../permissions/catalogue.js';
import { globalIdFor } from '../synchronous-global-ids.js';
import { UsageLimited } from '../tokens/usage-limits.js';
import { tokenVerifier } from '../tokens/verification.js';
import type { VerifiedToken } from '../tokens/verified-token.js';

/** What a service learns of a token it may accept: never more than its own permissions of it. Read-only. */
export interface TokenSeenByService {
  token: VerifiedToken;
  /** The token's and its owner's global ids, as Latchkey's API, UI and CLI show them. */
  tokenId: string;
  userId: string;
  /** The service's permissions the token holds, implications included, in catalogue order. */
  permissions: string[];
}

// What each service sees of a verified token, worked out once (the catalogue changes only with a restart).
const seenByServices = perVerifiedToken<VerifiedToken, Map<string, TokenSeenByService>>();

function seenBy(service: Service, token: VerifiedToken): TokenSeenByService {
  let seenByService = seenByServices.get(token);
  if (!seenByService) {
    seenByService = new Map();
    seenByServices.set(token, seenByService);
  }
  let seen = seenByService.get(service.id);
  if (!seen) {
    seen = {
      token,
      tokenId: globalIdFor('PersonalAccessToken', token.id),
      userId: globalIdFor('User', token.userId),
      permissions: service.permissions.filter(({ name }) => token.grants.has(name)).map(({ name }) => name),
    };
    seenByService.set(service.id, seen);
  }
  return seen;
}

/**
 * A token as `service` may see it (its audience): usable now from `clientIp` and holding at least one of the
 * service's permissions; anything else is null, whatever the reason, except a use its own rate limit or quota
 * refuses (`UsageLimited`). Last use (with the service) is recorded, and the use counted, only for a token the
 * service accepts. Revocation reaches this as it reaches Latchkey's own API: the same verifier cache.
 */
export async function verifyTokenForService(
  service: Service,
  secret: string,
  now: Date,
  clientIp: string | null,
): Promise<TokenSeenByService | UsageLimited | null> {
  const token = await tokenVerifier.verify(
    secret,
    now,
    clientIp,
    service.id,
    (candidate) => seenBy(service, candidate).permissions.length > 0,
  );
  if (token === null || token instanceof UsageLimited) return token;
  return seenBy(service, token);
}
