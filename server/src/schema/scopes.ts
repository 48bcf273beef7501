import { builder } from '../builder.js';
import { allScopes, type Scope, scopeCatalogue } from '../tokens/scopes.js';

export const ScopeEnum = builder.enumType('Scope', {
  description: 'A permission a personal access token can carry. A signed-in session has all of them.',
  values: Object.fromEntries(
    allScopes.map((scope) => [
      scope,
      { value: scope, description: `\`${scopeCatalogue[scope].name}\`: ${scopeCatalogue[scope].description}` },
    ]),
  ) as Record<Scope, { value: Scope; description: string }>,
});

const ScopeInfoRef = builder.objectRef<Scope>('ScopeInfo').implement({
  description: 'A scope, with the name and description to show a person choosing permissions.',
  fields: (t) => ({
    scope: t.field({ type: ScopeEnum, description: 'The enum value to send.', resolve: (scope) => scope }),
    name: t.string({
      description: 'Short name, such as `tokens:read`.',
      resolve: (scope) => scopeCatalogue[scope].name,
    }),
    description: t.string({
      description: 'What a token with this scope may do.',
      resolve: (scope) => scopeCatalogue[scope].description,
    }),
  }),
});

builder.queryField('scopes', (t) =>
  t.field({
    type: [ScopeInfoRef],
    description: 'Every scope a token can carry. Public: needs no authentication.',
    resolve: () => allScopes,
  }),
);
