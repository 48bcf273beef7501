import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { RefusedError, UsageError } from '../failures.js';
import { graphql } from '../graphql/gql.js';
import { formatJson } from '../output.js';
import { findToken } from '../tokens/find-token.js';
import { toTokenSummary } from '../tokens/token-summary.js';

const RevokeTokenMutation = graphql(`
  mutation RevokeToken($id: ID!) {
    revokeToken(id: $id) {
      __typename
      ... on RevokeTokenSuccess {
        token {
          ...TokenSummary
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const RestoreTokenMutation = graphql(`
  mutation RestoreToken($id: ID!) {
    restoreToken(id: $id) {
      __typename
      ... on RestoreTokenSuccess {
        token {
          ...TokenSummary
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const DeleteTokenMutation = graphql(`
  mutation DeleteToken($id: ID!) {
    deleteToken(id: $id) {
      __typename
      ... on DeleteTokenSuccess {
        deletedTokenId
      }
      ... on Error {
        message
      }
    }
  }
`);

const tokenArgument = [
  { name: 'ID_OR_NAME', description: 'The token id, or its exact name in any case (finding a name needs tokens:read)' },
];

export const tokensRevokeCommand: CommandSpec<CommandContext> = {
  name: 'tokens revoke',
  summary: 'Revoke a token: it is refused from the next request on',
  usage: 'latchkey tokens revoke ID_OR_NAME [--json]',
  description: [
    'Revoking a revoked or expired token changes nothing. Needs the tokens:write permission.',
    'JSON: {"token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  arguments: tokenArgument,
  async run({ arguments: [reference = ''], authenticatedApi, terminal, json }) {
    const { api } = await authenticatedApi();
    const before = await findToken(api, reference);
    const { revokeToken: result } = await api.request(RevokeTokenMutation, { id: before.id });
    if (result.__typename !== 'RevokeTokenSuccess') throw new RefusedError(result.message);
    const token = toTokenSummary(result.token);
    if (json) terminal.print(formatJson({ token }));
    else if (before.status === 'active') terminal.print(`Revoked token "${token.name}".`);
    else terminal.print(`Token "${token.name}" was already ${before.status}; nothing changed.`);
  },
};

export const tokensRestoreCommand: CommandSpec<CommandContext> = {
  name: 'tokens restore',
  summary: 'Make a revoked token active again, while it has not expired',
  usage: 'latchkey tokens restore ID_OR_NAME [--json]',
  description: [
    'Restoring an active token changes nothing. Needs the tokens:write permission.',
    'JSON: {"token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  arguments: tokenArgument,
  async run({ arguments: [reference = ''], authenticatedApi, terminal, json }) {
    const { api } = await authenticatedApi();
    const before = await findToken(api, reference);
    const { restoreToken: result } = await api.request(RestoreTokenMutation, { id: before.id });
    if (result.__typename !== 'RestoreTokenSuccess') throw new RefusedError(result.message);
    const token = toTokenSummary(result.token);
    if (json) terminal.print(formatJson({ token }));
    else if (before.status === 'active') terminal.print(`Token "${token.name}" is already active; nothing changed.`);
    else terminal.print(`Restored token "${token.name}": it is active again.`);
  },
};

export const tokensDeleteCommand: CommandSpec<CommandContext> = {
  name: 'tokens delete',
  summary: 'Delete a revoked or expired token for good',
  usage: 'latchkey tokens delete ID_OR_NAME [--yes] [--json]',
  description: [
    'Revoke an active token first. Asks for confirmation on a terminal; without a terminal, --yes is',
    'required. Needs the tokens:write permission.',
    'JSON: {"deletedTokenId", "name"}.',
  ].join('\n'),
  arguments: tokenArgument,
  options: { yes: { type: 'boolean', short: 'y', description: 'Delete without asking' } },
  async run({ arguments: [reference = ''], options, authenticatedApi, terminal, json }) {
    const confirmed = options.flag('yes');
    if (!confirmed && !terminal.inputIsInteractive) {
      throw new UsageError('refusing to delete without confirmation: standard input is not a terminal; add --yes');
    }
    const { api } = await authenticatedApi();
    const token = await findToken(api, reference);
    // An active token is sent straight on: the server refuses it, so there is nothing to confirm.
    const question = `Delete token "${token.name}" for good? It cannot be undone. [y/N] `;
    if (!confirmed && token.status !== 'active' && !(await terminal.confirm(question))) {
      throw new RefusedError('nothing was deleted');
    }
    const { deleteToken: result } = await api.request(DeleteTokenMutation, { id: token.id });
    if (result.__typename !== 'DeleteTokenSuccess') throw new RefusedError(result.message);
    if (json) terminal.print(formatJson({ deletedTokenId: result.deletedTokenId, name: token.name }));
    else terminal.print(`Deleted token "${token.name}".`);
  },
};
