import type { Viewer } from '../audit/actor.js';
import type { LatchkeyPermission } from '../tokens/permissions.js';

/** A session may do everything for its own account; a token only what one of its permissions grants. */
export function viewerHasAnyPermission(viewer: Viewer | null, required: readonly LatchkeyPermission[]): boolean {
  if (!viewer) return false;
  if (!viewer.token) return true;
  const { grants } = viewer.token;
  return required.some((permission) => grants.has(permission));
}

/** For resolvers behind an auth scope that already demands a viewer; reaching the throw is a bug. */
export function requireViewer(context: { viewer: Viewer | null }): Viewer {
  if (!context.viewer) throw new Error('Resolver reached without an authenticated viewer');
  return context.viewer;
}
