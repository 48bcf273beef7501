import { tokenDescriptionMaxLength, tokenMaxLifetimeDays, tokenNameMaxLength } from '@latchkey/rules';
import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import {
  ExpiryTooLateError,
  InvalidTransitionError,
  NameTakenError,
  NotFoundError,
  PermissionsNotAllowedError,
  ReauthenticationRequiredError,
  TokenLimitError,
  ValidationError,
} from '../errors.js';
import type { PersonalAccessToken } from '../generated/prisma/client.js';
import { requireRecentAuthentication } from '../security/enforce.js';
import { parseGenerateTokenInput, parseUpdateTokenInput } from '../tokens/input.js';
import {
  deleteToken,
  generateToken,
  type LifecycleContext,
  restoreToken,
  revokeToken,
  updateToken,
} from '../tokens/lifecycle.js';
import { isAdministrativePermission } from '../tokens/permissions.js';
import { rotateToken } from '../tokens/rotation.js';
import { localIdFor } from './global-ids.js';
import { RotationOverlapEnum, TOKEN_TYPENAME, TokenExpirationEnum, TokenRef } from './token.js';
import { ALLOWED_ADDRESSES_RULES, TokenQuotaInput, TokenRateLimitInput } from './token-controls.js';

// The token's transitions: generate, revoke, restore, delete. The type and its lists are in token.ts.

function lifecycleContext(context: Context): LifecycleContext {
  return {
    viewer: requireViewer(context),
    now: context.clock.now(),
    origin: context.origin,
    policies: context.policies,
  };
}

function tokenIdFrom(globalId: string): string {
  const id = localIdFor(globalId, TOKEN_TYPENAME);
  if (!id) throw new NotFoundError();
  return id;
}

const TOKEN_DESCRIPTION_RULES =
  `A note about what the token is for: up to ${tokenDescriptionMaxLength} characters on one line, with no ` +
  'control or bidirectional control characters; trimmed, and empty means none.';

const CUSTOM_EXPIRY_RULES =
  'When it stops working, as a custom instant: at least a day from now and at most ' +
  `${tokenMaxLifetimeDays} days from now, and within \`policies.maxTokenLifetimeDays\` when the operator set it. ` +
  'Give this or `expiration`, exactly one.';

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
    description: t.string({ description: TOKEN_DESCRIPTION_RULES }),
    expiration: t.field({
      type: TokenExpirationEnum,
      description:
        'How long it lives, as a preset, within `policies.maxTokenLifetimeDays` when the operator set it. Give this ' +
        'or `expiresAt`, exactly one.',
    }),
    expiresAt: t.field({ type: 'DateTime', description: CUSTOM_EXPIRY_RULES }),
    permissions: t.stringList({
      required: true,
      description:
        'What it may do: names of permissions in the catalogue (`services`), such as `reports:read`; at least one.',
    }),
    allowedAddresses: t.stringList({ description: `${ALLOWED_ADDRESSES_RULES} Left out or empty: any address.` }),
    rateLimit: t.field({ type: TokenRateLimitInput, description: 'A rate limit; left out, none.' }),
    quota: t.field({ type: TokenQuotaInput, description: 'A usage quota; left out, none.' }),
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

/** Permissions a session may grant only with the password entered within the last 10 minutes. */
const needsRecentAuthentication = (permission: string) =>
  permission === 'tokens:write' || isAdministrativePermission(permission);

builder.mutationField('generateToken', (t) =>
  t.field({
    type: GenerateTokenSuccess,
    description:
      'Generate a token. Tokens need the `tokens:write` permission, and may only grant permissions they hold ' +
      '(or that those imply), expiring no later than themselves; only an administrator may grant `admin:read` or ' +
      '`admin:write`. From a session, a token with `tokens:write` or `admin:*` ' +
      'needs the password ' +
      'entered within the last 10 minutes (`reauthenticate`).',
    authScopes: { permission: 'tokens:write' },
    args: { input: t.arg({ type: GenerateTokenInput, required: true, description: 'The new token.' }) },
    errors: {
      types: [ValidationError, ExpiryTooLateError, NameTakenError, TokenLimitError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'GenerateTokenResult', description: 'The outcome of `generateToken`.' },
    },
    resolve: (_root, { input }, context) => {
      const parsed = parseGenerateTokenInput(input, context.clock.now());
      if (parsed.permissions.some(needsRecentAuthentication)) requireRecentAuthentication(context);
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

const RotateTokenSuccess = builder
  .objectRef<{ token: PersonalAccessToken; secret: string }>('RotateTokenSuccess')
  .implement({
    description: 'The token with its new secret: the only time that secret is ever returned.',
    fields: (t) => ({
      token: t.expose('token', { type: TokenRef, description: 'The token as it is now.' }),
      secret: t.exposeString('secret', {
        description:
          'The new secret, to send as `Authorization: Bearer <secret>`. Store it now: it is never shown again.',
      }),
    }),
  });

builder.mutationField('rotateToken', (t) =>
  t.field({
    type: RotateTokenSuccess,
    description:
      'Give an active token a new secret: same id, name and permissions, and a new expiry as far from now as ' +
      'its current secret was issued for (at most the longest lifetime allowed). The replaced secret keeps ' +
      'working for the overlap (`previousSecretValidUntil`), never past its own expiry; a secret replaced by an ' +
      'earlier rotation stops at once, and revoking the token ends both. Tokens need the `tokens:write` ' +
      'permission; a token may rotate itself, and may rotate another token only if it holds its permissions ' +
      'and the new expiry is no later than its own. A session needs the password entered within the last 10 ' +
      'minutes (`reauthenticate`).',
    authScopes: { permission: 'tokens:write' },
    args: {
      id: t.arg.id({ required: true, description: 'Global id of one of your tokens.' }),
      overlap: t.arg({
        type: RotationOverlapEnum,
        required: true,
        description: 'How long the replaced secret keeps working.',
      }),
    },
    errors: {
      types: [NotFoundError, InvalidTransitionError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'RotateTokenResult', description: 'The outcome of `rotateToken`.' },
    },
    resolve: (_root, { id, overlap }, context) => {
      requireRecentAuthentication(context);
      return rotateToken(lifecycleContext(context), tokenIdFrom(id), overlap);
    },
  }),
);

const UpdateTokenInput = builder.inputType('UpdateTokenInput', {
  description:
    'An edit of a token. Each field left out (or null) stays as it is. An edit never adds permissions or extends ' +
    'the expiry (that is a new token); its address allowlist, rate limit and quota may change either way, within ' +
    'what an editing token is held to itself.',
  fields: (t) => ({
    name: t.string({ description: 'A new name, under the same rules as `GenerateTokenInput.name`.' }),
    description: t.string({ description: `A new description. ${TOKEN_DESCRIPTION_RULES}` }),
    permissions: t.stringList({
      description: 'The permissions it keeps: some or all of those it has, at least one. To take all away, revoke it.',
    }),
    expiration: t.field({
      type: TokenExpirationEnum,
      description: 'A new, earlier expiry, as a preset counted from now. At most one of this and `expiresAt`.',
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description:
        'A new, earlier expiry, as an instant at least a day from now. At most one of this and `expiration`.',
    }),
    allowedAddresses: t.stringList({
      description: `A new address allowlist, replacing the old one; an empty list removes it. ${ALLOWED_ADDRESSES_RULES}`,
    }),
    rateLimit: t.field({ type: TokenRateLimitInput, description: 'A new rate limit, replacing any it has.' }),
    removeRateLimit: t.boolean({ description: 'True removes its rate limit. Not with `rateLimit`.' }),
    quota: t.field({
      type: TokenQuotaInput,
      description:
        'A new quota, replacing any it has. Uses already counted in the current period still count, unless the ' +
        'refill changes (the count then starts again).',
    }),
    removeQuota: t.boolean({ description: 'True removes its quota. Not with `quota`.' }),
  }),
});

const UpdateTokenSuccess = TokenSuccess(
  'UpdateTokenSuccess',
  'The token as the edit left it (unchanged if nothing differed).',
);

builder.mutationField('updateToken', (t) =>
  t.field({
    type: UpdateTokenSuccess,
    description:
      'Edit a token: rename it, change its description, remove permissions, shorten its life, or change its ' +
      'address allowlist, rate limit or quota. The new rules hold from the next request on, on every replica and ' +
      'at every connected verifier. Tokens need the `tokens:write` permission, and may only leave a token with ' +
      'permissions they hold, expiring no later than themselves, and held to their own controls.',
    authScopes: { permission: 'tokens:write' },
    args: {
      id: t.arg.id({ required: true, description: 'Global id of one of your tokens.' }),
      input: t.arg({ type: UpdateTokenInput, required: true, description: 'What to change.' }),
    },
    errors: {
      types: [
        ValidationError,
        NotFoundError,
        NameTakenError,
        PermissionsNotAllowedError,
        ExpiryTooLateError,
        InvalidTransitionError,
      ],
      directResult: true,
      union: { name: 'UpdateTokenResult', description: 'The outcome of `updateToken`.' },
    },
    resolve: async (_root, { id, input }, context) => {
      const edit = parseUpdateTokenInput(input, context.clock.now());
      return { token: await updateToken(lifecycleContext(context), tokenIdFrom(id), edit) };
    },
  }),
);
