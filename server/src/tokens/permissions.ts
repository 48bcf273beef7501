/** Latchkey's own permissions: the built-in service `latchkey` of the catalogue, what tokens may do here. */
export const latchkeyPermissions = {
  'profile:read': "Read your account's email address.",
  'tokens:read': 'List and read your personal access tokens.',
  'tokens:write': 'Generate, revoke, restore and delete your personal access tokens.',
  'audit:read': "Read your account's audit log.",
  'notifications:read': 'Read your notification choices, webhook endpoints and their recent deliveries.',
  'notifications:write': 'Choose notifications, and add, enable, test and delete webhook endpoints.',
  'admin:read':
    "Administrators only: read this server's administration (every account's tokens, accounts, services, approvals).",
  'admin:write':
    'Administrators only: administer this server (revoke anyone’s tokens, lock accounts, service keys, approvals, roles).',
} as const;
export type LatchkeyPermission = keyof typeof latchkeyPermissions;

/** Permissions only an administrator's token may hold, and that grant nothing once its owner is no longer one. */
export const ADMINISTRATIVE_PERMISSIONS = ['admin:read', 'admin:write'] as const satisfies LatchkeyPermission[];
export type AdministrativePermission = (typeof ADMINISTRATIVE_PERMISSIONS)[number];

export function isAdministrativePermission(name: string): name is AdministrativePermission {
  return (ADMINISTRATIVE_PERMISSIONS as readonly string[]).includes(name);
}

/** What a token's permissions grant once its owner's role is taken into account: `admin:*` only to an administrator. */
export function grantsFor(granted: Set<string>, ownerIsAdministrator: boolean): Set<string> {
  if (!ownerIsAdministrator) for (const permission of ADMINISTRATIVE_PERMISSIONS) granted.delete(permission);
  return granted;
}

/** A token's permission names as stored: sorted and space-separated, as OAuth writes scopes; compares exactly. */
export function serializePermissions(names: readonly string[]): string {
  return [...new Set(names)].sort().join(' ');
}

export function parsePermissions(stored: string): string[] {
  return stored === '' ? [] : stored.split(' ');
}
