import type { Viewer } from '../audit/actor.js';
import type { Scope } from '../tokens/scopes.js';

/** A session may do everything for its own account; a token only what one of its scopes allows. */
export function viewerHasAnyScope(viewer: Viewer | null, required: readonly Scope[]): boolean {
  if (!viewer) return false;
  if (!viewer.token) return true;
  return required.some((scope) => viewer.token?.scopes.includes(scope));
}

/** For resolvers behind an auth scope that already demands a viewer; reaching the throw is a bug. */
export function requireViewer(context: { viewer: Viewer | null }): Viewer {
  if (!context.viewer) throw new Error('Resolver reached without an authenticated viewer');
  return context.viewer;
}
