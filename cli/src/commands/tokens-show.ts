import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { RefusedError } from '../failures.js';
import { graphql } from '../graphql/gql.js';
import { describeTimeFromNow, formatDateTime, formatFields, formatJson } from '../output.js';
import { describeQuota, describeRateLimit } from '../tokens/control-options.js';
import { findToken } from '../tokens/find-token.js';
import { permissionLabels } from '../tokens/token-summary.js';

// What only one token at a time is asked for: the quota's uses left cost the server a counter lookup each.
const TokenUsageQuery = graphql(`
  query TokenUsage($id: ID!) {
    node(id: $id) {
      __typename
      ... on PersonalAccessToken {
        refusedAddressCount
        quota {
          remaining
          refillsAt
        }
      }
    }
  }
`);

export const tokensShowCommand: CommandSpec<CommandContext> = {
  name: 'tokens show',
  summary: 'Show one token, with its address allowlist, rate limit and quota',
  usage: 'latchkey tokens show ID_OR_NAME [--json]',
  description: [
    'Shows what "tokens list" does for one token, and its controls: the addresses it may be used from (and how',
    'many requests from elsewhere were refused), its rate limit, and its quota with the uses left and when it',
    'refills. Needs the tokens:read permission.',
    'JSON: {"token": TOKEN, "refusedAddressCount": number, "quotaRemaining": number|null, "quotaRefillsAt":',
    'string|null}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  arguments: [
    {
      name: 'ID_OR_NAME',
      description: 'The token id, or its exact name in any case',
    },
  ],
  async run({ arguments: [reference = ''], authenticatedApi, terminal, json, now }) {
    const { api } = await authenticatedApi();
    const token = await findToken(api, reference);
    const { node } = await api.request(TokenUsageQuery, { id: token.id });
    if (node?.__typename !== 'PersonalAccessToken') throw new RefusedError(`no token with id ${token.id}`);
    const usage = {
      refusedAddressCount: node.refusedAddressCount,
      quotaRemaining: node.quota?.remaining ?? null,
      quotaRefillsAt: node.quota?.refillsAt ?? null,
    };
    if (json) {
      terminal.print(formatJson({ token, ...usage }));
      return;
    }
    const addresses =
      token.allowedAddresses.length === 0
        ? 'any'
        : `${token.allowedAddresses.join(', ')} (${usage.refusedAddressCount} refused from elsewhere)`;
    const quota = token.quota
      ? `${describeQuota(token.quota)}, ${usage.quotaRemaining ?? 0} left` +
        (usage.quotaRefillsAt ? `, refills ${formatDateTime(usage.quotaRefillsAt)}` : ', never refills')
      : 'none';
    terminal.print(
      formatFields([
        ['Name', token.name],
        ['Description', token.description ?? '(none)'],
        ['Status', token.status],
        ['Permissions', permissionLabels(token).join(', ')],
        ['Secret', token.hint],
        ['Created', formatDateTime(token.createdAt)],
        ['Expires', `${formatDateTime(token.expiresAt)} (${describeTimeFromNow(token.expiresAt, now)})`],
        ['Last used', token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never'],
        ['Allowed addresses', addresses],
        ['Rate limit', token.rateLimit ? describeRateLimit(token.rateLimit) : 'none'],
        ['Quota', quota],
        ['ID', token.id],
      ]),
    );
  },
};
