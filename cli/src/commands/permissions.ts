import type { ResultOf } from '@graphql-typed-document-node/core';
import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { graphql } from '../graphql/gql.js';
import { formatJson, terminalSafe } from '../output.js';

const PermissionCatalogueQuery = graphql(`
  query PermissionCatalogue {
    services {
      id
      name
      description
      permissions {
        name
        description
        implies
      }
    }
  }
`);

type CatalogueService = ResultOf<typeof PermissionCatalogueQuery>['services'][number];

/** One heading per service, then its permissions, names aligned across services and implications beneath. */
function formatCatalogue(services: readonly CatalogueService[]): string {
  const width = Math.max(...services.flatMap((service) => service.permissions.map((p) => terminalSafe(p.name).length)));
  const indent = ' '.repeat(width + 4);
  return services
    .map((service) => {
      const heading = `${service.name} (${service.id})${service.description ? `: ${service.description}` : ''}`;
      const lines = service.permissions.flatMap((permission) => [
        `  ${terminalSafe(permission.name).padEnd(width)}  ${terminalSafe(permission.description)}`,
        ...(permission.implies.length > 0 ? [`${indent}Implies ${terminalSafe(permission.implies.join(', '))}.`] : []),
      ]);
      return [terminalSafe(heading), ...lines].join('\n');
    })
    .join('\n\n');
}

export const permissionsCommand: CommandSpec<CommandContext> = {
  name: 'permissions',
  summary: 'List the permissions a token can carry, service by service',
  usage: 'latchkey permissions [--json]',
  description: [
    "The server's catalogue: Latchkey's own service first, then the ones its operator declared. A permission",
    'also grants those it implies. Needs a token, with any permission.',
    'JSON: {"services": [{"id", "name", "description", "permissions": [{"name", "description", "implies": [NAME]}]}]}',
  ].join('\n'),
  async run({ authenticatedApi, terminal, json }) {
    const { api } = await authenticatedApi();
    const { services } = await api.request(PermissionCatalogueQuery);
    terminal.print(json ? formatJson({ services }) : formatCatalogue(services));
  },
};
