import type { AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../audit/actor.js';
import type { LatchkeyPermission } from '../tokens/permissions.js';
import { viewerHasAnyPermission } from './viewer.js';

/** The auth scopes fields ask for, as a pure function of what the request proved. */
export function authScopesFor(context: { viewer: Viewer | null }) {
  return {
    signedIn: context.viewer !== null,
    session: context.viewer?.session != null,
    permission: (required: LatchkeyPermission | LatchkeyPermission[]) =>
      viewerHasAnyPermission(context.viewer, Array.isArray(required) ? required : [required]),
  };
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
