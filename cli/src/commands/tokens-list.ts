import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { UsageError } from '../failures.js';
import type { TokenStatus } from '../graphql/graphql.js';
import { formatJson, formatTable } from '../output.js';
import { eachTokenPage, fetchTokenPage, type TokenPage } from '../tokens/token-pages.js';
import { TOKEN_TABLE_HEADER, tokenTableRow } from '../tokens/token-summary.js';

export const FIRST_PAGE_SIZE = 20;

const statuses = {
  pending: 'PENDING',
  active: 'ACTIVE',
  revoked: 'REVOKED',
  expired: 'EXPIRED',
} as const satisfies Record<string, TokenStatus>;

function statusFromOption(value: string | undefined): TokenStatus | undefined {
  if (value === undefined) return undefined;
  const status = statuses[value.toLowerCase() as keyof typeof statuses];
  if (!status) throw new UsageError(`--status must be one of ${Object.keys(statuses).join(', ')}, got "${value}"`);
  return status;
}

export const tokensListCommand: CommandSpec<CommandContext> = {
  name: 'tokens list',
  summary: 'List your tokens, newest first',
  usage: 'latchkey tokens list [--status pending|active|revoked|expired] [--search TEXT] [--all] [--json]',
  description: [
    `Shows the newest ${FIRST_PAGE_SIZE} tokens; --all follows the pages to the end. Needs the tokens:read`,
    'permission. A permission the server no longer declares is marked (removed): it grants nothing. Long',
    'descriptions are cut to fit; after a rotation, EXPIRES says until when the previous secret still works.',
    'JSON: {"totalCount", "hasNextPage", "tokens": [TOKEN]}, TOKEN being {"id", "name", "description":',
    'string|null, "hint", "permissions": [NAME], "removedPermissions": [NAME], "status":',
    '"active"|"revoked"|"expired", "createdAt", "expiresAt", "previousSecretValidUntil": string|null,',
    '"lastUsedAt": string|null}.',
  ].join('\n'),
  options: {
    status: {
      type: 'string',
      placeholder: 'STATUS',
      description: 'Only tokens in this status',
      choices: Object.keys(statuses),
    },
    search: { type: 'string', placeholder: 'TEXT', description: 'Only tokens whose name contains TEXT (any case)' },
    all: { type: 'boolean', description: `Every matching token, not only the first ${FIRST_PAGE_SIZE}` },
  },
  async run({ options, authenticatedApi, terminal, json }) {
    const filter = { status: statusFromOption(options.string('status')), search: options.string('search') };
    const { api } = await authenticatedApi();

    let listed: TokenPage;
    if (options.flag('all')) {
      listed = { totalCount: 0, tokens: [], hasNextPage: false, endCursor: null };
      for await (const page of eachTokenPage(api, filter)) {
        listed = { ...page, tokens: [...listed.tokens, ...page.tokens] };
      }
    } else {
      listed = await fetchTokenPage(api, filter, FIRST_PAGE_SIZE);
    }

    if (json) {
      const { totalCount, hasNextPage, tokens } = listed;
      terminal.print(formatJson({ totalCount, hasNextPage, tokens }));
      return;
    }
    if (listed.tokens.length === 0) {
      terminal.print(filter.status || filter.search ? 'No tokens match.' : 'No tokens yet.');
      return;
    }
    terminal.print(formatTable(TOKEN_TABLE_HEADER, listed.tokens.map(tokenTableRow)));
    if (listed.hasNextPage) {
      terminal.report(
        `Showing the newest ${listed.tokens.length} of ${listed.totalCount} tokens; add --all to list them all.`,
      );
    }
  },
};
