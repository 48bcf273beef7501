import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { RefusedError, UsageError } from '../failures.js';
import { graphql } from '../graphql/gql.js';
import type { TokenExpiration } from '../graphql/graphql.js';
import { formatDateTime, formatJson } from '../output.js';
import { permissionLabels, toTokenSummary } from '../tokens/token-summary.js';

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

/** Each option may hold a comma-separated list. Names are sent as given: the server knows its catalogue. */
function permissionNamesFromOptions(values: readonly string[]): string[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim());
  return [...new Set(names.filter((name) => name !== ''))];
}

function expirationFromOption(value: string): TokenExpiration {
  const expiration = expirations[value.toLowerCase() as keyof typeof expirations];
  if (!expiration)
    throw new UsageError(`--expires must be one of ${Object.keys(expirations).join(', ')}, got "${value}"`);
  return expiration;
}

export const tokensCreateCommand: CommandSpec<CommandContext> = {
  name: 'tokens create',
  summary: 'Generate a token and print its secret',
  usage:
    'latchkey tokens create --name NAME --permission PERMISSION [--permission PERMISSION...] ' +
    '[--expires 30d|60d|90d|1y] [--json]',
  description: [
    'Prints the secret alone on standard output, so that $(latchkey tokens create ...) captures just the',
    'secret; the rest goes to standard error. The secret is never shown again. Needs the tokens:write',
    'permission; a token may only grant permissions it holds (or that those imply), expiring no later than',
    'itself. The server checks the names against its catalogue: see "latchkey permissions".',
    'JSON: {"secret", "token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  options: {
    name: { type: 'string', placeholder: 'NAME', description: 'Unique among your tokens, ignoring case' },
    permission: {
      type: 'string',
      placeholder: 'PERMISSION',
      multiple: true,
      description: 'A permission such as reports:read; repeat it, or separate names with commas',
    },
    scope: {
      type: 'string',
      placeholder: 'PERMISSION',
      multiple: true,
      description: 'The old name of --permission, kept for scripts; takes the same permission names',
    },
    expires: {
      type: 'string',
      placeholder: 'DURATION',
      description: `How long it lives: 30d, 60d, 90d or 1y (default ${DEFAULT_EXPIRATION})`,
      choices: Object.keys(expirations),
    },
  },
  async run({ options, authenticatedApi, terminal, json }) {
    const name = options.string('name')?.trim();
    if (!name) throw new UsageError('--name is required');
    const permissions = permissionNamesFromOptions([...options.strings('permission'), ...options.strings('scope')]);
    if (permissions.length === 0) {
      throw new UsageError('at least one --permission is required (see "latchkey permissions")');
    }
    const expiration = expirationFromOption(options.string('expires') ?? DEFAULT_EXPIRATION);

    const { api } = await authenticatedApi();
    const { generateToken: result } = await api.request(GenerateTokenMutation, {
      input: { name, permissions, expiration },
    });
    if (result.__typename !== 'GenerateTokenSuccess') throw new RefusedError(result.message);

    const token = toTokenSummary(result.token);
    if (json) {
      terminal.printSecret(formatJson({ secret: result.secret, token }));
      return;
    }
    terminal.printSecret(result.secret);
    terminal.report(
      `Created token "${token.name}" (${permissionLabels(token).join(', ')}), expiring ${formatDateTime(token.expiresAt)}. ` +
        'Store its secret now: it is never shown again.',
    );
  },
};
