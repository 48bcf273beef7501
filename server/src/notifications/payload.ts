import { globalIdFor } from '../synchronous-global-ids.js';

export interface StoredEvent {
  id: string;
  type: string;
  /** The event's data as JSON; a token is named by `tokenId` (its database id) and `tokenName`. */
  payload: string;
  createdAt: Date;
}

export interface NotificationPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * The event as it leaves the server, by webhook and in email: `data.tokenId` becomes the token's id in the API
 * (its Relay global id), the one people can look up; everything else as recorded.
 */
export function notificationPayload(event: StoredEvent): NotificationPayload {
  const data = JSON.parse(event.payload) as Record<string, unknown>;
  if (typeof data.tokenId === 'string') data.tokenId = globalIdFor('PersonalAccessToken', data.tokenId);
  // A bulk revocation names several tokens, each as `{ tokenId, tokenName }`.
  if (Array.isArray(data.tokens)) {
    data.tokens = (data.tokens as { tokenId: string; tokenName: string }[]).map((token) => ({
      ...token,
      tokenId: globalIdFor('PersonalAccessToken', token.tokenId),
    }));
  }
  return { type: event.type, timestamp: event.createdAt.toISOString(), data };
}
