import { type Administrator, listAdministrators, setAdministrator } from '../admin/administrators.js';
import { auditActorOf } from '../audit/actor.js';
import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { LastAdministratorError, NotFoundError, ReauthenticationRequiredError } from '../errors.js';
import { requireRecentAuthentication } from '../security/enforce.js';
import type { AdministrativePermission } from '../tokens/permissions.js';

// One object for every field: scope-auth caches a scope map's verdict per request by its identity.
export const READ_ADMINISTRATION = { administrator: ['admin:read', 'admin:write'] } as const satisfies {
  administrator: AdministrativePermission[];
};
export const WRITE_ADMINISTRATION = { administrator: 'admin:write' } as const;

export const ADMINISTRATIVE_ACCESS =
  "Only an administrator's session, or an administrator's token holding the permission, may use it; everyone " +
  'else gets the same `FORBIDDEN` error.';

builder.prismaObjectField('User', 'isAdministrator', (t) =>
  t.exposeBoolean('isAdministrator', {
    description:
      'Whether the account is an administrator (docs/administration.md). Tokens need the `profile:read` permission.',
    authScopes: { permission: 'profile:read' },
  }),
);

const AdministratorRef = builder.objectRef<Administrator>('Administrator').implement({
  description: 'An account with the administrator role.',
  fields: (t) => ({ email: t.exposeString('email', { description: 'Sign-in email, lower-cased.' }) }),
});

builder.queryField('administrators', (t) =>
  t.field({
    type: [AdministratorRef],
    description: `Every administrator, by email. ${ADMINISTRATIVE_ACCESS} Tokens need \`admin:read\` or \`admin:write\`.`,
    authScopes: READ_ADMINISTRATION,
    resolve: () => listAdministrators(),
  }),
);

const RoleChangeInput = builder.inputType('AdministratorRoleInput', {
  description: 'The account whose role changes.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'Its sign-in email (compared case-insensitively).' }),
  }),
});

const roleChangeSuccess = (name: string, description: string) =>
  builder.objectRef<{ email: string; changed: boolean }>(name).implement({
    description,
    fields: (t) => ({
      email: t.exposeString('email', { description: 'The sign-in email of the account.' }),
      changed: t.exposeBoolean('changed', {
        description: 'False when the account already had the role asked for: nothing was changed or audited.',
      }),
    }),
  });

async function changeRole(context: Context, email: string, isAdministrator: boolean) {
  // Before the email is looked up: a stolen session must not probe which addresses have accounts.
  requireRecentAuthentication(context);
  const viewer = requireViewer(context);
  const { person, changed } = await setAdministrator(email, isAdministrator, {
    actor: auditActorOf(viewer),
    administrator: { userId: viewer.userId },
    origin: context.origin,
    at: context.clock.now(),
  });
  return { email: person.email, changed };
}

export const SUDO_AND_AUDIT =
  'A session needs the password entered within the last 10 minutes (`reauthenticate`). Audited in both your log ' +
  "and the other person's.";

builder.mutationField('grantAdministrator', (t) =>
  t.field({
    type: roleChangeSuccess('GrantAdministratorSuccess', 'The account is an administrator.'),
    description: `Make an account an administrator. ${ADMINISTRATIVE_ACCESS} Tokens need \`admin:write\`. ${SUDO_AND_AUDIT}`,
    authScopes: WRITE_ADMINISTRATION,
    args: { input: t.arg({ type: RoleChangeInput, required: true, description: 'Whom to make an administrator.' }) },
    errors: {
      types: [NotFoundError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'GrantAdministratorResult', description: 'The outcome of `grantAdministrator`.' },
    },
    resolve: (_root, { input }, context) => changeRole(context, input.email, true),
  }),
);

builder.mutationField('revokeAdministrator', (t) =>
  t.field({
    type: roleChangeSuccess(
      'RevokeAdministratorSuccess',
      'The account is no longer an administrator: its sessions and tokens lost administrative access.',
    ),
    description:
      `Stop an account being an administrator; its tokens keep \`admin:*\` but they grant nothing from the next ` +
      `request on. The last administrator who can sign in cannot be removed (\`LastAdministratorError\`; the ` +
      `operator's shell can). ${ADMINISTRATIVE_ACCESS} Tokens need \`admin:write\`. ${SUDO_AND_AUDIT}`,
    authScopes: WRITE_ADMINISTRATION,
    args: {
      input: t.arg({ type: RoleChangeInput, required: true, description: 'Whom to stop being an administrator.' }),
    },
    errors: {
      types: [NotFoundError, ReauthenticationRequiredError, LastAdministratorError],
      directResult: true,
      union: { name: 'RevokeAdministratorResult', description: 'The outcome of `revokeAdministrator`.' },
    },
    resolve: (_root, { input }, context) => changeRole(context, input.email, false),
  }),
);
