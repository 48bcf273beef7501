import { type BulkSelection, revokeTokensAsAdministrator } from '../admin/bulk-revocation.js';
import { auditActorOf } from '../audit/actor.js';
import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import { type FieldError, ReauthenticationRequiredError, ValidationError } from '../errors.js';
import { requireRecentAuthentication } from '../security/enforce.js';
import { WRITE_ADMINISTRATION } from './admin.js';
import { AdminTokenFilterInput, inventoryFilterOf } from './admin-token-filter.js';
import { localIdFor } from './global-ids.js';
import { TOKEN_TYPENAME } from './token.js';

const MESSAGE_MAX_LENGTH = 500;
/** More than an inventory page could select; beyond it, a filter says the same in a few bytes. */
const MAX_TOKEN_IDS = 10_000;

const RevokeTokensAsAdministratorInput = builder.inputType('RevokeTokensAsAdministratorInput', {
  description: 'Which tokens of any account to revoke, by id or by filter (exactly one of the two), and why.',
  fields: (t) => ({
    tokenIds: t.idList({
      description: `Global ids of the tokens, at most ${MAX_TOKEN_IDS}; ids of no token are skipped.`,
    }),
    filter: t.field({
      type: AdminTokenFilterInput,
      description: "Every token the administrators' inventory shows for this filter now.",
    }),
    message: t.string({
      required: true,
      description: `Shown to each owner with the revocation (1 to ${MESSAGE_MAX_LENGTH} characters).`,
    }),
  }),
});

const RevokeTokensAsAdministratorSuccess = builder
  .objectRef<{ revokedCount: number }>('RevokeTokensAsAdministratorSuccess')
  .implement({
    description: 'The selected tokens that were usable or pending are revoked.',
    fields: (t) => ({
      revokedCount: t.exposeInt('revokedCount', {
        description: 'How many tokens this revoked; those already revoked or expired are not counted.',
      }),
    }),
  });

interface BulkRevocationArguments {
  tokenIds?: readonly (string | number)[] | null;
  filter?: Parameters<typeof inventoryFilterOf>[0];
  message: string;
}

function parseBulkRevocation(input: BulkRevocationArguments): { selection: BulkSelection; message: string } {
  const errors: FieldError[] = [];
  const message = input.message.trim();
  if (message.length === 0 || message.length > MESSAGE_MAX_LENGTH) {
    errors.push({
      path: ['input', 'message'],
      message: `The message to the owners is 1 to ${MESSAGE_MAX_LENGTH} characters.`,
    });
  }
  let selection: BulkSelection | null = null;
  if ((input.tokenIds == null) === (input.filter == null)) {
    errors.push({ path: ['input'], message: 'Select the tokens either by `tokenIds` or by `filter`: exactly one.' });
  } else if (input.tokenIds) {
    if (input.tokenIds.length > MAX_TOKEN_IDS) {
      errors.push({
        path: ['input', 'tokenIds'],
        message: `At most ${MAX_TOKEN_IDS} token ids at once; select more with a filter.`,
      });
    }
    const tokenIds: string[] = [];
    input.tokenIds.slice(0, MAX_TOKEN_IDS).forEach((globalId, index) => {
      const id = localIdFor(String(globalId), TOKEN_TYPENAME);
      if (id) tokenIds.push(id);
      else errors.push({ path: ['input', 'tokenIds', String(index)], message: 'This is not the id of a token.' });
    });
    selection = { tokenIds };
  } else {
    try {
      selection = { filter: inventoryFilterOf(input.filter, ['input', 'filter']) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...error.fieldErrors);
    }
  }
  if (errors.length > 0 || !selection)
    throw new ValidationError(errors.map((error) => error.message).join(' '), errors);
  return { selection, message };
}

builder.mutationField('revokeTokensAsAdministrator', (t) =>
  t.field({
    type: RevokeTokensAsAdministratorSuccess,
    description:
      'Revoke tokens of any account, selected by id or by filter (all that match it now), with reason `ADMIN`: their ' +
      'owners cannot restore them, and each owner is told once, with your message. Only usable and pending tokens ' +
      'are revoked; any number, in batches, reaching every replica and every connected service from the next ' +
      "request on. Only an administrator's session, or an administrator's token holding `admin:write`, may use " +
      'it. A session needs the password entered within the last 10 minutes (`reauthenticate`). Audited in each ' +
      "owner's log (one `TOKEN_REVOKED` per token) and once in yours (`TOKENS_REVOKED_IN_BULK`).",
    authScopes: WRITE_ADMINISTRATION,
    args: {
      input: t.arg({ type: RevokeTokensAsAdministratorInput, required: true, description: 'What to revoke, and why.' }),
    },
    errors: {
      types: [ValidationError, ReauthenticationRequiredError],
      directResult: true,
      union: {
        name: 'RevokeTokensAsAdministratorResult',
        description: 'The outcome of `revokeTokensAsAdministrator`.',
      },
    },
    resolve: async (_root, { input }, context) => {
      requireRecentAuthentication(context);
      const viewer = requireViewer(context);
      const { selection, message } = parseBulkRevocation(input);
      return revokeTokensAsAdministrator(selection, message, {
        actor: auditActorOf(viewer),
        administrator: { userId: viewer.userId },
        origin: context.origin,
        at: context.clock.now(),
      });
    },
  }),
);
