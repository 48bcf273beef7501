import type { Scope } from '../tokens/scopes.js';
import type { AuditActor } from './events.js';

/** Who is calling, proved by the request: a session cookie or a bearer token, never both. */
export interface Viewer {
  userId: string;
  session: { id: string; reauthenticatedAt: Date } | null;
  token: { id: string; scopes: Scope[]; expiresAt: Date } | null;
}

export function auditActorOf(viewer: Viewer | null): AuditActor {
  if (viewer?.token) return { type: 'TOKEN', id: viewer.token.id };
  if (viewer?.session) return { type: 'SESSION', id: viewer.session.id };
  return { type: 'ANONYMOUS', id: null };
}
