import type { VerifiedToken } from '../tokens/verified-token.js';
import type { AuditActor } from './events.js';

/** Who is calling, proved by the request: a session cookie or a bearer token, never both. */
export interface Viewer {
  userId: string;
  /** Whether the person was an administrator when the request was authenticated (a token's owner, for a token). */
  administrator: boolean;
  session: { id: string; reauthenticatedAt: Date } | null;
  token: VerifiedToken | null;
}

export function auditActorOf(viewer: Viewer | null): AuditActor {
  if (viewer?.token) return { type: 'TOKEN', id: viewer.token.id };
  if (viewer?.session) return { type: 'SESSION', id: viewer.session.id };
  return { type: 'ANONYMOUS', id: null };
}
