import { builder } from '../builder.js';
import type { Permission, Service } from '../permissions/catalogue.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { isAdministrativePermission } from '../tokens/permissions.js';

export const PermissionRef = builder.objectRef<Permission>('Permission').implement({
  description: 'Something a token may be allowed to do at one service, from the operator’s catalogue.',
  fields: (t) => ({
    name: t.exposeString('name', { description: '`service:action`, such as `reports:read`.' }),
    description: t.exposeString('description', { description: 'One line that says what it allows.' }),
    serviceId: t.exposeString('serviceId', { description: 'The id of the service that declares it.' }),
    removed: t.exposeBoolean('removed', {
      description: 'Held by a token but no longer in the catalogue: it grants nothing until it is declared again.',
    }),
    implies: t.stringList({
      description: 'The other permissions that holding this one grants too, implications followed to the end.',
      resolve: (permission) => [...permission.grants].filter((name) => name !== permission.name),
    }),
  }),
});

const ServiceRef = builder.objectRef<Service>('Service').implement({
  description: 'A service that accepts Latchkey tokens: Latchkey itself, or one the operator declared.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Lower-case id: the audience tokens are verified for.' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    description: t.exposeString('description', { description: 'What the service is.' }),
    permissions: t.field({
      type: [PermissionRef],
      description:
        'What a token may be allowed to do there, as declared. `admin:read` and `admin:write` are listed to ' +
        'administrators only: nobody else may hold them.',
      resolve: (service, _args, context) =>
        context.viewer?.administrator
          ? service.permissions
          : service.permissions.filter((permission) => !isAdministrativePermission(permission.name)),
    }),
  }),
});

builder.queryField('services', (t) =>
  t.field({
    type: [ServiceRef],
    description:
      'The services tokens may be granted permissions for: Latchkey’s own (`latchkey`), then the operator’s, ' +
      'as the catalogue file declares them. Needs a signed-in session or token: service names are the operator’s.',
    authScopes: { signedIn: true },
    resolve: () => operatorCatalogue().services,
  }),
);
