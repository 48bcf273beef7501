import type { AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../audit/actor.js';
import type { AdministrativePermission, LatchkeyPermission } from '../tokens/permissions.js';
import { viewerAdministersWith, viewerHasAnyPermission } from './viewer.js';

/** The auth scopes fields ask for, as a pure function of what the request proved. */
export function authScopesFor(context: { viewer: Viewer | null }) {
  return {
    signedIn: context.viewer !== null,
    session: context.viewer?.session != null,
    permission: (required: LatchkeyPermission | LatchkeyPermission[]) =>
      viewerHasAnyPermission(context.viewer, Array.isArray(required) ? required : [required]),
    administrator: (required: AdministrativePermission | AdministrativePermission[]) =>
      viewerAdministersWith(context.viewer, Array.isArray(required) ? required : [required]),
  };
}

function administrativeRefusal(failure: AuthFailure): boolean {
  switch (failure.kind) {
    case 'AuthScope':
      return failure.scope === 'administrator';
    case 'AnyAuthScopes':
    case 'AllAuthScopes':
      return failure.failures.some(administrativeRefusal);
    default:
      return false;
  }
}

/**
 * One refusal for everyone the administrative API turns away, signed in or not: it tells nobody whether an
 * account, a token or a permission was what they lacked.
 */
function administratorRequiredError(): GraphQLError {
  return new GraphQLError(
    "This requires an administrator's session, or an administrator's token with the admin permission it needs.",
    { extensions: { code: 'FORBIDDEN' } },
  );
}

function requiredPermissionsIn(failure: AuthFailure): LatchkeyPermission[] {
  switch (failure.kind) {
    case 'AuthScope':
      if (failure.scope !== 'permission') return [];
      return Array.isArray(failure.parameter) ? failure.parameter : [failure.parameter as LatchkeyPermission];
    case 'AnyAuthScopes':
    case 'AllAuthScopes':
      return failure.failures.flatMap(requiredPermissionsIn);
    default:
      return [];
  }
}

export function authorizationError(context: { viewer: Viewer | null }, failure: AuthFailure): GraphQLError {
  if (administrativeRefusal(failure)) return administratorRequiredError();
  if (!context.viewer) {
    return new GraphQLError('You must be signed in or send a personal access token.', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  const requiredPermissions = [...new Set(requiredPermissionsIn(failure))];
  if (requiredPermissions.length === 0) {
    return new GraphQLError('This can only be done from a signed-in session.', {
      extensions: { code: 'FORBIDDEN', requiredPermissions },
    });
  }
  return new GraphQLError(`This requires a token with the ${requiredPermissions.join(' or ')} permission.`, {
    extensions: { code: 'FORBIDDEN', requiredPermissions },
  });
}
