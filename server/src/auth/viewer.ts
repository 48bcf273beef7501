import type { Viewer } from '../audit/actor.js';
import type { AdministrativePermission, LatchkeyPermission } from '../tokens/permissions.js';

/** A session may do everything for its own account; a token only what one of its permissions grants. */
export function viewerHasAnyPermission(viewer: Viewer | null, required: readonly LatchkeyPermission[]): boolean {
  if (!viewer) return false;
  if (!viewer.token) return true;
  const { grants } = viewer.token;
  return required.some((permission) => grants.has(permission));
}

/**
 * The administrative API: an administrator's session, or their token holding one of `required` (its grants hold
 * `admin:*` only while its owner is an administrator: tokens/permissions.ts `grantsFor`).
 */
export function viewerAdministersWith(viewer: Viewer | null, required: readonly AdministrativePermission[]): boolean {
  if (!viewer?.administrator) return false;
  return viewerHasAnyPermission(viewer, required);
}

/** For resolvers behind an auth scope that already demands a viewer; reaching the throw is a bug. */
export function requireViewer(context: { viewer: Viewer | null }): Viewer {
  if (!context.viewer) throw new Error('Resolver reached without an authenticated viewer');
  return context.viewer;
}
