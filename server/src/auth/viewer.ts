import type { AuditActor } from '../audit/events.js';
import type { Scope } from '../tokens/scopes.js';

/** Who is calling, proved by the request: a session cookie or a bearer token, never both. */
export interface Viewer {
  userId: string;
  session: { id: string; reauthenticatedAt: Date } | null;
  token: { id: string; scopes: Scope[]; expiresAt: Date } | null;
}

/** A session may do everything for its own account; a token only what one of its scopes allows. */
export function viewerHasAnyScope(viewer: Viewer | null, required: readonly Scope[]): boolean {
  if (!viewer) return false;
  if (!viewer.token) return true;
  return required.some((scope) => viewer.token?.scopes.includes(scope));
}

export function auditActorOf(viewer: Viewer | null): AuditActor {
  if (viewer?.token) return { type: 'TOKEN', id: viewer.token.id };
  if (viewer?.session) return { type: 'SESSION', id: viewer.session.id };
  return { type: 'ANONYMOUS', id: null };
}

/** For resolvers behind an auth scope that already demands a viewer; reaching the throw is a bug. */
export function requireViewer(context: { viewer: Viewer | null }): Viewer {
  if (!context.viewer) throw new Error('Resolver reached without an authenticated viewer');
  return context.viewer;
}
