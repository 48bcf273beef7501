// The PostgreSQL NOTIFY channels replicas listen on (invalidation.ts); a payload is the changed row's id, or
// several ids separated by spaces (a bulk revocation packs a few hundred per message).

/** A token was revoked, restored or deleted. */
export const INVALIDATION_CHANNEL = 'latchkey_token_invalidated';

/** A service key was revoked. */
export const SERVICE_KEY_CHANNEL = 'latchkey_service_key_changed';
