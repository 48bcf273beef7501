import { type AdministeredService, listAdministeredServices } from '../admin/service-keys.js';
import { auditActorOf } from '../audit/actor.js';
import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { NotFoundError, ReauthenticationRequiredError } from '../errors.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { requireRecentAuthentication } from '../security/enforce.js';
import {
  createServiceKey,
  revokeServiceKeyIfLive,
  type ServiceKeyChanger,
  ServiceKeyError,
  type ServiceKeySummary,
} from '../services/service-keys.js';
import { ADMINISTRATIVE_ACCESS, READ_ADMINISTRATION, WRITE_ADMINISTRATION } from './admin.js';
import { PermissionRef } from './services.js';

const SUDO_AND_AUDIT =
  'A session needs the password entered within the last 10 minutes (`reauthenticate`). Audited in your log ' +
  'with the service and the key’s hint.';

const ServiceKeyRef = builder.objectRef<ServiceKeySummary>('ServiceKey').implement({
  description:
    'A key with which one of the operator’s services authenticates to Latchkey (docs/services.md). Its secret is ' +
    'shown once, by `createServiceKey`; Latchkey keeps only its digest.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The key’s id, as `npm run service-key -- list` shows it.' }),
    serviceId: t.exposeString('serviceId', { description: 'The id of the service that holds it.' }),
    hint: t.exposeString('hint', {
      description: 'The prefix and last four characters (`lksvc_…abcd`), to tell keys apart.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was minted.' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the service last authenticated with it (to the minute); null until it first does.',
    }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it stopped being accepted; null while it is live.',
    }),
  }),
});

const AdministeredServiceRef = builder.objectRef<AdministeredService>('AdministeredService').implement({
  description: 'A service of the catalogue as loaded, with the keys it authenticates with.',
  fields: (t) => ({
    id: t.string({ description: 'Lower-case id: the audience tokens are verified for.', resolve: (s) => s.service.id }),
    name: t.string({ description: 'Display name.', resolve: (s) => s.service.name }),
    description: t.string({ description: 'What the service is.', resolve: (s) => s.service.description }),
    permissions: t.field({
      type: [PermissionRef],
      description: 'What a token may be allowed to do there, as declared, each with what it implies.',
      resolve: (s) => s.service.permissions,
    }),
    acceptsKeys: t.exposeBoolean('acceptsKeys', {
      description: 'False for Latchkey itself (`latchkey`): service keys are for the operator’s own services.',
    }),
    keys: t.field({
      type: [ServiceKeyRef],
      description: 'Its keys, oldest first, revoked ones included; never a secret.',
      resolve: (s) => s.keys,
    }),
  }),
});

builder.queryField('adminServices', (t) =>
  t.field({
    type: [AdministeredServiceRef],
    description:
      'Every service of the catalogue as loaded, Latchkey’s own first, with its keys. ' +
      `${ADMINISTRATIVE_ACCESS} Tokens need \`admin:read\` or \`admin:write\`.`,
    authScopes: READ_ADMINISTRATION,
    resolve: () => listAdministeredServices(operatorCatalogue()),
  }),
);

function changerOf(context: Context): ServiceKeyChanger {
  const viewer = requireViewer(context);
  return { actor: auditActorOf(viewer), administrator: { userId: viewer.userId }, origin: context.origin };
}

const CreateServiceKeyInput = builder.inputType('CreateServiceKeyInput', {
  description: 'The service to mint a key for.',
  fields: (t) => ({
    serviceId: t.string({ required: true, description: 'The id of one of the operator’s services (not `latchkey`).' }),
  }),
});

const CreateServiceKeySuccess = builder
  .objectRef<{ key: ServiceKeySummary; secret: string }>('CreateServiceKeySuccess')
  .implement({
    description: 'The key was minted.',
    fields: (t) => ({
      key: t.field({ type: ServiceKeyRef, description: 'The new key.', resolve: (created) => created.key }),
      secret: t.exposeString('secret', {
        description:
          'The key itself (`lksvc_…`), for the service’s configuration. Shown here once: no query returns it again.',
      }),
    }),
  });

builder.mutationField('createServiceKey', (t) =>
  t.field({
    type: CreateServiceKeySuccess,
    description: `Mint a key for one of the operator’s services. ${ADMINISTRATIVE_ACCESS} Tokens need \`admin:write\`. ${SUDO_AND_AUDIT}`,
    authScopes: WRITE_ADMINISTRATION,
    args: { input: t.arg({ type: CreateServiceKeyInput, required: true, description: 'Which service.' }) },
    errors: {
      types: [NotFoundError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'CreateServiceKeyResult', description: 'The outcome of `createServiceKey`.' },
    },
    resolve: async (_root, { input }, context) => {
      requireRecentAuthentication(context);
      try {
        return await createServiceKey(operatorCatalogue(), input.serviceId, context.clock.now(), changerOf(context));
      } catch (error) {
        // An unknown service, or Latchkey itself: the message names the services that take keys.
        if (error instanceof ServiceKeyError) throw new NotFoundError(error.message);
        throw error;
      }
    },
  }),
);

const RevokeServiceKeySuccess = builder.objectRef<{ key: ServiceKeySummary; changed: boolean }>(
  'RevokeServiceKeySuccess',
);
RevokeServiceKeySuccess.implement({
  description: 'The key is refused from now on, by every replica.',
  fields: (t) => ({
    key: t.field({ type: ServiceKeyRef, description: 'The revoked key.', resolve: (revoked) => revoked.key }),
    changed: t.exposeBoolean('changed', {
      description: 'False when the key was revoked already: nothing was changed or audited.',
    }),
  }),
});

builder.mutationField('revokeServiceKey', (t) =>
  t.field({
    type: RevokeServiceKeySuccess,
    description:
      'Stop a service key being accepted, from the next request on and on every replica; revoking a revoked key ' +
      `changes nothing. ${ADMINISTRATIVE_ACCESS} Tokens need \`admin:write\`. ${SUDO_AND_AUDIT}`,
    authScopes: WRITE_ADMINISTRATION,
    args: { id: t.arg.id({ required: true, description: 'The key’s id (`ServiceKey.id`).' }) },
    errors: {
      types: [NotFoundError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'RevokeServiceKeyResult', description: 'The outcome of `revokeServiceKey`.' },
    },
    resolve: async (_root, { id }, context) => {
      requireRecentAuthentication(context);
      const revocation = await revokeServiceKeyIfLive(String(id), context.clock.now(), changerOf(context));
      if (!revocation) throw new NotFoundError('No service key with that id exists.');
      return revocation;
    },
  }),
);
