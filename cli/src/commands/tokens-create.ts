import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { RefusedError, UsageError } from '../failures.js';
import { graphql } from '../graphql/gql.js';
import type { TokenExpiration } from '../graphql/graphql.js';
import { formatDateTime, formatJson } from '../output.js';
import { scopesFromNames } from '../scopes.js';
import { toTokenSummary } from '../tokens/token-summary.js';

const GenerateTokenMutation = graphql(`
  mutation GenerateToken($input: GenerateTokenInput!) {
    generateToken(input: $input) {
      __typename
      ... on GenerateTokenSuccess {
        secret
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

const expirations = { '30d': 'DAYS_30', '60d': 'DAYS_60', '90d': 'DAYS_90', '1y': 'YEAR_1' } as const satisfies Record<
  string,
  TokenExpiration
>;
const DEFAULT_EXPIRATION = '30d';

function expirationFromOption(value: string): TokenExpiration {
  const expiration = expirations[value.toLowerCase() as keyof typeof expirations];
  if (!expiration)
    throw new UsageError(`--expires must be one of ${Object.keys(expirations).join(', ')}, got "${value}"`);
  return expiration;
}

export const tokensCreateCommand: CommandSpec<CommandContext> = {
  name: 'tokens create',
  summary: 'Generate a token and print its secret',
  usage: 'latchkey tokens create --name NAME --scope SCOPE [--scope SCOPE...] [--expires 30d|60d|90d|1y] [--json]',
  description: [
    'Prints the secret alone on standard output, so that $(latchkey tokens create ...) captures just the',
    'secret; the rest goes to standard error. The secret is never shown again. Needs the tokens:write scope;',
    'a token may only grant scopes it holds, expiring no later than itself. Scopes: see "latchkey scopes".',
    'JSON: {"secret", "token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  options: {
    name: { type: 'string', placeholder: 'NAME', description: 'Unique among your tokens, ignoring case' },
    scope: {
      type: 'string',
      placeholder: 'SCOPE',
      multiple: true,
      description: 'A scope such as tokens:read; repeat it, or separate names with commas',
    },
    expires: {
      type: 'string',
      placeholder: 'DURATION',
      description: `How long it lives: 30d, 60d, 90d or 1y (default ${DEFAULT_EXPIRATION})`,
    },
  },
  async run({ options, authenticatedApi, terminal, json }) {
    const name = options.string('name')?.trim();
    if (!name) throw new UsageError('--name is required');
    const scopes = scopesFromNames(options.strings('scope'));
    if (scopes.length === 0) throw new UsageError('at least one --scope is required (see "latchkey scopes")');
    const expiration = expirationFromOption(options.string('expires') ?? DEFAULT_EXPIRATION);

    const { api } = await authenticatedApi();
    const { generateToken: result } = await api.request(GenerateTokenMutation, { input: { name, scopes, expiration } });
    if (result.__typename !== 'GenerateTokenSuccess') throw new RefusedError(result.message);

    const token = toTokenSummary(result.token);
    if (json) {
      terminal.printNewSecret(formatJson({ secret: result.secret, token }));
      return;
    }
    terminal.printNewSecret(result.secret);
    terminal.report(
      `Created token "${token.name}" (${token.scopes.join(', ')}), expiring ${formatDateTime(token.expiresAt)}. ` +
        'Store its secret now: it is never shown again.',
    );
  },
};
