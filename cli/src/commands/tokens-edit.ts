import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { RefusedError, UsageError } from '../failures.js';
import { graphql } from '../graphql/gql.js';
import type { UpdateTokenInput } from '../graphql/graphql.js';
import { formatDateTime, formatJson } from '../output.js';
import { controlOptionSpecs, controlsFromOptions } from '../tokens/control-options.js';
import { EXPIRY_PRESETS, expiryFromOption } from '../tokens/expiry-option.js';
import { findToken } from '../tokens/find-token.js';
import { permissionLabels, type TokenSummary, toTokenSummary } from '../tokens/token-summary.js';

const UpdateTokenMutation = graphql(`
  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {
    updateToken(id: $id, input: $input) {
      __typename
      ... on UpdateTokenSuccess {
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

/** The permissions the token keeps, every name it holds (those the catalogue dropped too) less the removed ones. */
function keptPermissions(token: TokenSummary, removed: readonly string[]): string[] {
  const held = [...token.permissions, ...token.removedPermissions];
  const missing = removed.filter((name) => !held.includes(name));
  if (missing.length > 0) throw new RefusedError(`token "${token.name}" does not have ${missing.join(', ')}`);
  return held.filter((name) => !removed.includes(name));
}

export const tokensEditCommand: CommandSpec<CommandContext> = {
  name: 'tokens edit',
  summary: 'Rename a token, describe it, remove permissions, shorten its life, or change its controls',
  usage:
    'latchkey tokens edit ID_OR_NAME [--name NAME] [--description TEXT] [--remove-permission PERMISSION...] ' +
    '[--expires 7d|30d|60d|90d|1y|YYYY-MM-DD] [--allow-ip ADDRESS...|none] [--rate-limit N/WINDOW|none] ' +
    '[--quota N[/day|week|month]|none] [--json]',
  description: [
    'An edit never adds permissions or moves the expiry later (generate a new token for that).',
    '--expires counts from now and must come no later than the current expiry; a date expires at',
    'the start of that day (UTC). --description "" removes the description. A removed permission or an',
    'earlier expiry holds from the next request on. Needs the tokens:write permission; a token may only edit',
    'tokens into what it could have created.',
    '--allow-ip replaces the address allowlist and --rate-limit and --quota replace their control; "none"',
    'removes each. These may loosen a token as well as tighten it, within what the editing token is held to.',
    'JSON: {"token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  arguments: [
    {
      name: 'ID_OR_NAME',
      description: 'The token id, or its exact name in any case (finding a name needs tokens:read)',
    },
  ],
  options: {
    name: { type: 'string', placeholder: 'NAME', description: 'A new name, unique among your tokens' },
    description: { type: 'string', placeholder: 'TEXT', description: 'A new description; "" removes it' },
    'remove-permission': {
      type: 'string',
      placeholder: 'PERMISSION',
      multiple: true,
      description: 'A permission to take away; repeat it, or separate names with commas',
    },
    expires: {
      type: 'string',
      placeholder: 'DURATION',
      description: 'An earlier expiry: 7d, 30d, 60d, 90d, 1y from now, or a date',
      choices: EXPIRY_PRESETS,
    },
    ...controlOptionSpecs({ allowNone: true }),
  },
  async run({ arguments: [reference = ''], options, authenticatedApi, terminal, json }) {
    const removed = options
      .strings('remove-permission')
      .flatMap((value) => value.split(','))
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const asked = options.string('expires');
    const expiry = asked === undefined ? undefined : expiryFromOption(asked, { allowMax: false });
    const { allowedAddresses, rateLimit, quota } = controlsFromOptions(options, { allowNone: true });
    const input: UpdateTokenInput = {
      name: options.string('name'),
      description: options.string('description'),
      ...(expiry && expiry !== 'max' ? expiry : {}),
      allowedAddresses,
      ...(rateLimit === null ? { removeRateLimit: true } : { rateLimit }),
      ...(quota === null ? { removeQuota: true } : { quota }),
    };
    if (Object.values(input).every((value) => value === undefined) && removed.length === 0) {
      throw new UsageError(
        'nothing to change: give --name, --description, --remove-permission, --expires, --allow-ip, ' +
          '--rate-limit or --quota',
      );
    }

    const { api } = await authenticatedApi();
    const before = await findToken(api, reference);
    if (removed.length > 0) input.permissions = keptPermissions(before, removed);
    const { updateToken: result } = await api.request(UpdateTokenMutation, { id: before.id, input });
    if (result.__typename !== 'UpdateTokenSuccess') throw new RefusedError(result.message);
    const token = toTokenSummary(result.token);
    if (json) {
      terminal.print(formatJson({ token }));
      return;
    }
    terminal.print(
      `Updated token "${token.name}" (${permissionLabels(token).join(', ')}), expiring ${formatDateTime(token.expiresAt)}.`,
    );
  },
};
