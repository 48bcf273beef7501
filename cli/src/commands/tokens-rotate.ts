import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { storeLogin } from '../config-file.js';
import { RefusedError, UsageError } from '../failures.js';
import { graphql } from '../graphql/gql.js';
import type { RotationOverlap } from '../graphql/graphql.js';
import { formatDateTime, formatJson } from '../output.js';
import { findToken } from '../tokens/find-token.js';
import { toTokenSummary } from '../tokens/token-summary.js';

const RotateTokenMutation = graphql(`
  mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {
    rotateToken(id: $id, overlap: $overlap) {
      __typename
      ... on RotateTokenSuccess {
        secret
        token {
          ...TokenSummary
          previousSecretValidUntil
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const overlaps = { none: 'NONE', '1h': 'ONE_HOUR', '1d': 'ONE_DAY', '7d': 'SEVEN_DAYS' } as const satisfies Record<
  string,
  RotationOverlap
>;

function overlapFromOption(value: string | undefined): RotationOverlap {
  if (value === undefined) throw new UsageError(`--overlap is required: one of ${Object.keys(overlaps).join(', ')}`);
  const overlap = overlaps[value.toLowerCase() as keyof typeof overlaps];
  if (!overlap) throw new UsageError(`--overlap must be one of ${Object.keys(overlaps).join(', ')}, got "${value}"`);
  return overlap;
}

export const tokensRotateCommand: CommandSpec<CommandContext> = {
  name: 'tokens rotate',
  summary: 'Give a token a new secret and print it; the old one works until the overlap ends',
  usage: 'latchkey tokens rotate ID_OR_NAME --overlap none|1h|1d|7d [--json]',
  description: [
    'The token keeps its id, name and permissions, and gets a new expiry as far off as its current secret',
    'was issued for. Prints the new secret alone on standard output; the rest goes to standard error. The',
    'old secret keeps working for the overlap (none: it stops at once). Rotating the token this command runs',
    'with updates the stored login; a token given by LATCHKEY_TOKEN or --token cannot be changed from here,',
    'so set it to the new secret yourself. Needs the tokens:write permission; a token may rotate itself.',
    'JSON: {"secret", "previousSecretValidUntil", "token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  arguments: [
    {
      name: 'ID_OR_NAME',
      description: 'The token id, or its exact name in any case (finding a name needs tokens:read)',
    },
  ],
  options: {
    overlap: {
      type: 'string',
      placeholder: 'DURATION',
      description: 'How long the old secret keeps working: none, 1h, 1d or 7d',
      choices: Object.keys(overlaps),
    },
  },
  async run({ arguments: [reference = ''], options, authenticatedApi, configFile, terminal, json }) {
    const overlap = overlapFromOption(options.string('overlap'));
    const { api, currentToken } = await authenticatedApi();
    const target = await findToken(api, reference);
    const { rotateToken: result } = await api.request(RotateTokenMutation, { id: target.id, overlap });
    if (result.__typename !== 'RotateTokenSuccess') throw new RefusedError(result.message);

    const token = toTokenSummary(result.token);
    const previousSecretValidUntil = result.token.previousSecretValidUntil ?? null;
    if (json) terminal.printSecret(formatJson({ secret: result.secret, previousSecretValidUntil, token }));
    else terminal.printSecret(result.secret);

    const oldSecretEnds = previousSecretValidUntil
      ? `works until ${formatDateTime(previousSecretValidUntil)}`
      : 'no longer works';
    terminal.report(
      `Rotated token "${token.name}", now expiring ${formatDateTime(token.expiresAt)}; its old secret ${oldSecretEnds}. ` +
        'Store the new secret now: it is never shown again.',
    );
    if (token.id !== currentToken.id) return;
    if (api.tokenSource === 'the stored login') {
      await storeLogin(configFile, { url: api.url, token: result.secret });
      terminal.report(`latchkey: the stored login in ${configFile} now holds the new secret`);
    } else {
      terminal.report(
        `latchkey: warning: ${api.tokenSource} holds the old secret, which ${oldSecretEnds}; ` +
          'replace it with the new one',
      );
    }
  },
};
