import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { graphql } from '../graphql/gql.js';
import { formatJson, formatTable } from '../output.js';
import { warnIfExpiringSoon } from '../session.js';

const ScopeCatalogueQuery = graphql(`
  query ScopeCatalogue {
    scopes {
      scope
      name
      description
    }
    viewer {
      currentToken {
        name
        expiresAt
      }
    }
  }
`);

export const scopesCommand: CommandSpec<CommandContext> = {
  name: 'scopes',
  summary: 'List the scopes a token can carry',
  usage: 'latchkey scopes [--json]',
  description: [
    'Needs no token; when one is configured it is sent, and checked, like everywhere else.',
    'JSON: {"scopes": [{"name": "tokens:read", "scope": "TOKENS_READ", "description"}]}',
  ].join('\n'),
  async run({ publicApi, terminal, json, now }) {
    const api = await publicApi();
    const { scopes, viewer } = await api.request(ScopeCatalogueQuery);
    if (viewer?.currentToken) warnIfExpiringSoon(viewer.currentToken, terminal, now);
    if (json) {
      terminal.print(formatJson({ scopes }));
      return;
    }
    terminal.print(
      formatTable(
        ['NAME', 'DESCRIPTION'],
        scopes.map((scope) => [scope.name, scope.description]),
      ),
    );
  },
};
