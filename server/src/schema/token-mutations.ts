import { tokenNameMaxLength } from '@latchkey/rules';
import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import {
  InvalidTransitionError,
  NameTakenError,
  NotFoundError,
  ReauthenticationRequiredError,
  TokenLimitError,
  ValidationError,
} from '../errors.js';
import type { PersonalAccessToken } from '../generated/prisma/client.js';
import { requireRecentAuthentication } from '../security/enforce.js';
import { parseGenerateTokenInput } from '../tokens/input.js';
import { deleteToken, generateToken, type LifecycleContext, restoreToken, revokeToken } from '../tokens/lifecycle.js';
import { localIdFor } from './global-ids.js';
import { TOKEN_TYPENAME, TokenExpirationEnum, TokenRef } from './token.js';

// The token's transitions: generate, revoke, restore, delete. The type and its lists are in token.ts.

function lifecycleContext(context: Context): LifecycleContext {
  return { viewer: requireViewer(context), now: context.clock.now(), origin: context.origin };
}

function tokenIdFrom(globalId: string): string {
  const id = localIdFor(globalId, TOKEN_TYPENAME);
  if (!id) throw new NotFoundError();
  return id;
}

const GenerateTokenInput = builder.inputType('GenerateTokenInput', {
  description: 'A new token.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description:
        `Up to ${tokenNameMaxLength} characters, at least one of them visible; no control, bidirectional ` +
        'control or invisible characters (joiners inside emoji are fine). Unique among your tokens, ignoring ' +
        'case and Unicode compatibility forms (NFKC).',
    }),
    expiration: t.field({ type: TokenExpirationEnum, required: true, description: 'How long it lives.' }),
    permissions: t.stringList({
      required: true,
      description:
        'What it may do: names of permissions in the catalogue (`services`), such as `reports:read`; at least one.',
    }),
  }),
});

const GenerateTokenSuccess = builder
  .objectRef<{ token: PersonalAccessToken; secret: string }>('GenerateTokenSuccess')
  .implement({
    description: 'The new token, and its secret: the only time the secret is ever returned.',
    fields: (t) => ({
      token: t.expose('token', { type: TokenRef, description: 'The new token.' }),
      secret: t.exposeString('secret', {
        description: 'The token to send as `Authorization: Bearer <secret>`. Store it now: it is never shown again.',
      }),
    }),
  });

const TokenSuccess = (name: string, description: string) =>
  builder.objectRef<{ token: PersonalAccessToken }>(name).implement({
    description,
    fields: (t) => ({ token: t.expose('token', { type: TokenRef, description: 'The token as it is now.' }) }),
  });

const RevokeTokenSuccess = TokenSuccess('RevokeTokenSuccess', 'The token is revoked (or already was).');
const RestoreTokenSuccess = TokenSuccess('RestoreTokenSuccess', 'The token is active again.');

const DeleteTokenSuccess = builder.objectRef<{ deletedTokenId: string }>('DeleteTokenSuccess').implement({
  description: 'The token is gone for good; its audit events remain.',
  fields: (t) => ({ deletedTokenId: t.exposeID('deletedTokenId', { description: 'Global id of the deleted token.' }) }),
});

builder.mutationField('generateToken', (t) =>
  t.field({
    type: GenerateTokenSuccess,
    description:
      'Generate a token. Tokens need the `tokens:write` permission, and may only grant permissions they hold ' +
      '(or that those imply), expiring no later than themselves. From a session, a token with `tokens:write` ' +
      'needs the password ' +
      'entered within the last 10 minutes (`reauthenticate`).',
    authScopes: { permission: 'tokens:write' },
    args: { input: t.arg({ type: GenerateTokenInput, required: true, description: 'The new token.' }) },
    errors: {
      types: [ValidationError, NameTakenError, TokenLimitError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'GenerateTokenResult', description: 'The outcome of `generateToken`.' },
    },
    resolve: (_root, { input }, context) => {
      const parsed = parseGenerateTokenInput(input);
      if (parsed.permissions.includes('tokens:write')) requireRecentAuthentication(context);
      return generateToken(lifecycleContext(context), parsed, context.tokenLimitPerUser);
    },
  }),
);

builder.mutationField('revokeToken', (t) =>
  t.field({
    type: RevokeTokenSuccess,
    description:
      'Revoke a token: it is refused from the next request on. Revoking a revoked or expired token changes ' +
      'nothing. Tokens need the `tokens:write` permission.',
    authScopes: { permission: 'tokens:write' },
    args: { id: t.arg.id({ required: true, description: 'Global id of one of your tokens.' }) },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: 'RevokeTokenResult', description: 'The outcome of `revokeToken`.' },
    },
    resolve: async (_root, { id }, context) => ({
      token: await revokeToken(lifecycleContext(context), tokenIdFrom(id)),
    }),
  }),
);

builder.mutationField('restoreToken', (t) =>
  t.field({
    type: RestoreTokenSuccess,
    description:
      'Make a token you revoked active again, while it has not expired. Restoring an active token changes ' +
      'nothing. Tokens need the `tokens:write` permission, and may only restore tokens whose permissions they hold, ' +
      'expiring no later than themselves; a session needs the password entered within the last 10 minutes ' +
      '(`reauthenticate`).',
    authScopes: { permission: 'tokens:write' },
    args: { id: t.arg.id({ required: true, description: 'Global id of one of your tokens.' }) },
    errors: {
      types: [NotFoundError, InvalidTransitionError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'RestoreTokenResult', description: 'The outcome of `restoreToken`.' },
    },
    resolve: async (_root, { id }, context) => {
      requireRecentAuthentication(context);
      return { token: await restoreToken(lifecycleContext(context), tokenIdFrom(id)) };
    },
  }),
);

builder.mutationField('deleteToken', (t) =>
  t.field({
    type: DeleteTokenSuccess,
    description:
      'Delete a revoked or expired token for good (revoke an active one first). Tokens need the ' +
      '`tokens:write` permission.',
    authScopes: { permission: 'tokens:write' },
    args: { id: t.arg.id({ required: true, description: 'Global id of one of your tokens.' }) },
    errors: {
      types: [NotFoundError, InvalidTransitionError],
      directResult: true,
      union: { name: 'DeleteTokenResult', description: 'The outcome of `deleteToken`.' },
    },
    resolve: async (_root, { id }, context) => {
      await deleteToken(lifecycleContext(context), tokenIdFrom(id));
      return { deletedTokenId: id };
    },
  }),
);
