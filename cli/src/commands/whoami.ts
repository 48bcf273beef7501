import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { graphql } from '../graphql/gql.js';
import { describeTimeFromNow, formatDateTime, formatFields, formatJson } from '../output.js';
import { permissionLabels } from '../tokens/token-summary.js';

const ViewerEmailQuery = graphql(`
  query ViewerEmail {
    viewer {
      email
    }
  }
`);

export const whoamiCommand: CommandSpec<CommandContext> = {
  name: 'whoami',
  summary: 'Show the account and the token in use',
  usage: 'latchkey whoami [--json]',
  description: [
    'Shows the email only when the token has the profile:read permission; a permission the server no longer',
    'declares is marked (removed): it grants nothing.',
    'JSON: {"url", "email": string|null, "token": TOKEN}, TOKEN as in "latchkey tokens list --json".',
  ].join('\n'),
  async run({ authenticatedApi, terminal, json, now }) {
    const { api, currentToken } = await authenticatedApi();
    const email = currentToken.permissions.includes('profile:read')
      ? ((await api.request(ViewerEmailQuery)).viewer?.email ?? null)
      : null;
    if (json) {
      terminal.print(formatJson({ url: api.url, email, token: currentToken }));
      return;
    }
    terminal.print(
      formatFields([
        ['URL', api.url],
        ['Email', email ?? '(hidden: the token lacks the profile:read permission)'],
        ['Token', `${currentToken.name} (${currentToken.hint})`],
        ['Permissions', permissionLabels(currentToken).join(', ')],
        ['Expires', `${formatDateTime(currentToken.expiresAt)} (${describeTimeFromNow(currentToken.expiresAt, now)})`],
      ]),
    );
  },
};
