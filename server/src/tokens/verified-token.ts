import type { TokenControls } from './controls.js';

/** What a verified bearer token proves: whose it is, what it may do and until when. */
export interface VerifiedToken {
  id: string;
  userId: string;
  /** The permission names it holds, as stored: a name no longer in the catalogue among them. */
  permissions: readonly string[];
  /** Everything those grant under the catalogue this process serves, implications included. */
  grants: ReadonlySet<string>;
  /** When the secret it was verified with stops working: a secret a rotation replaced, when its overlap ends. */
  expiresAt: Date;
  createdAt: Date;
  /** Its owner's email, which services are told only when the token holds `profile:read`. */
  ownerEmail: string;
  /** Whether its owner was an administrator when it was loaded; a change of role makes every replica load it again. */
  ownerIsAdministrator: boolean;
  /** Its address allowlist, rate limit and quota, checked on every use; null when it has none. */
  controls: TokenControls | null;
}
