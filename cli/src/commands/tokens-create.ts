import { customExpiryDates, expiryOfDate } from '@latchkey/rules';
import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { RefusedError, UsageError } from '../failures.js';
import { graphql } from '../graphql/gql.js';
import type { TokenExpiration } from '../graphql/graphql.js';
import { formatDateTime, formatJson } from '../output.js';
import { controlOptionSpecs, controlsFromOptions } from '../tokens/control-options.js';
import { EXPIRY_PRESETS, expiryFromOption } from '../tokens/expiry-option.js';
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
      ... on ExpiryTooLateError {
        latestExpiresAt
      }
      ... on Error {
        message
      }
    }
  }
`);

const LifetimePolicyQuery = graphql(`
  query LifetimePolicy {
    policies {
      maxTokenLifetimeDays
    }
  }
`);

/** Each option may hold a comma-separated list. Names are sent as given: the server knows its catalogue. */
function permissionNamesFromOptions(values: readonly string[]): string[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim());
  return [...new Set(names.filter((name) => name !== ''))];
}

export const tokensCreateCommand: CommandSpec<CommandContext> = {
  name: 'tokens create',
  summary: 'Generate a token and print its secret',
  usage:
    'latchkey tokens create --name NAME --permission PERMISSION [--permission PERMISSION...] ' +
    '[--expires 7d|30d|60d|90d|1y|max|YYYY-MM-DD] [--description TEXT] [--allow-ip ADDRESS...] ' +
    '[--rate-limit N/WINDOW] [--quota N[/day|week|month]] [--json]',
  description: [
    'Prints the secret alone on standard output, so that $(latchkey tokens create ...) captures just the',
    'secret; the rest goes to standard error. The secret is never shown again. Needs the tokens:write',
    'permission; a token may only grant permissions it holds (or that those imply), expiring no later than',
    'itself: without --expires, the new token lives 30 days or until the token creating it expires, whichever',
    "comes first; --expires max asks for the longest allowed (a year, the operator's maximum lifetime, or the",
    "creating token's expiry).",
    'A date expires at the start of that day (UTC), at least a day and at most a year away.',
    'The server checks the names against its catalogue: see "latchkey permissions".',
    '--allow-ip, --rate-limit and --quota hold the token to addresses, a rate limit and a usage quota; a token',
    'held to any of them may only create tokens held at least as tightly (docs/tokens.md).',
    'JSON: {"secret", "token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  options: {
    name: { type: 'string', placeholder: 'NAME', description: 'Unique among your tokens, ignoring case' },
    description: {
      type: 'string',
      placeholder: 'TEXT',
      description: 'A note about what it is for, up to 500 characters on one line',
    },
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
      description:
        'How long it lives: 7d, 30d, 60d, 90d, 1y, max or a date (default 30d, capped by the creating token)',
      choices: [...EXPIRY_PRESETS, 'max'],
    },
    ...controlOptionSpecs({ allowNone: false }),
  },
  async run({ options, authenticatedApi, terminal, json }) {
    const name = options.string('name')?.trim();
    if (!name) throw new UsageError('--name is required');
    const permissions = permissionNamesFromOptions([...options.strings('permission'), ...options.strings('scope')]);
    if (permissions.length === 0) {
      throw new UsageError('at least one --permission is required (see "latchkey permissions")');
    }
    const asked = options.string('expires');
    const expiry = asked === undefined ? undefined : expiryFromOption(asked, { allowMax: true });
    const description = options.string('description');
    const controls = controlsFromOptions(options, { allowNone: false });

    const { api } = await authenticatedApi();
    const generate = (lifetime: { expiration: TokenExpiration } | { expiresAt: string }) =>
      api.request(GenerateTokenMutation, { input: { name, description, permissions, ...controls, ...lifetime } });
    let { generateToken: result } = await generate(
      expiry === undefined ? { expiration: 'DAYS_30' } : expiry === 'max' ? { expiration: 'YEAR_1' } : expiry,
    );
    // Without --expires, or with max, what was asked for is the longest both the creating token and the operator's
    // maximum lifetime allow (its last whole day, as a date picked in the UI would be), whichever the server names.
    let policyApplied = false;
    for (let attempt = 0; attempt < 2 && (expiry === undefined || expiry === 'max'); attempt++) {
      if (result.__typename === 'ExpiryTooLateError') {
        ({ generateToken: result } = await generate({ expiresAt: result.latestExpiresAt }));
      } else if (result.__typename === 'ValidationError' && !policyApplied) {
        policyApplied = true;
        const { policies } = await api.request(LifetimePolicyQuery, {});
        const latest =
          policies.maxTokenLifetimeDays === null
            ? null
            : expiryOfDate(customExpiryDates(new Date(), policies.maxTokenLifetimeDays).last);
        if (latest) ({ generateToken: result } = await generate({ expiresAt: latest.toISOString() }));
      }
    }
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
