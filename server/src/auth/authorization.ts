import type { AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../audit/actor.js';
import { type Scope, scopeCatalogue } from '../tokens/scopes.js';
import { viewerHasAnyScope } from './viewer.js';

/** The auth scopes fields ask for, as a pure function of what the request proved. */
export function authScopesFor(context: { viewer: Viewer | null }) {
  return {
    signedIn: context.viewer !== null,
    session: context.viewer?.session != null,
    tokenScope: (required: Scope | Scope[]) =>
      viewerHasAnyScope(context.viewer, Array.isArray(required) ? required : [required]),
  };
}

function requiredScopesIn(failure: AuthFailure): Scope[] {
  switch (failure.kind) {
    case 'AuthScope':
      if (failure.scope !== 'tokenScope') return [];
      return Array.isArray(failure.parameter) ? failure.parameter : [failure.parameter as Scope];
    case 'AnyAuthScopes':
    case 'AllAuthScopes':
      return failure.failures.flatMap(requiredScopesIn);
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
  const requiredScopes = [...new Set(requiredScopesIn(failure))];
  if (requiredScopes.length === 0) {
    return new GraphQLError('This can only be done from a signed-in session.', {
      extensions: { code: 'FORBIDDEN', requiredScopes },
    });
  }
  const names = requiredScopes.map((scope) => scopeCatalogue[scope].name).join(' or ');
  return new GraphQLError(`This requires a token with the ${names} scope.`, {
    extensions: { code: 'FORBIDDEN', requiredScopes },
  });
}
