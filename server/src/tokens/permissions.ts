/** Latchkey's own permissions: the built-in service `latchkey` of the catalogue, what tokens may do here. */
export const latchkeyPermissions = {
  'profile:read': "Read your account's email address.",
  'tokens:read': 'List and read your personal access tokens.',
  'tokens:write': 'Generate, revoke, restore and delete your personal access tokens.',
  'audit:read': "Read your account's audit log.",
  'notifications:read': 'Read your notification choices, webhook endpoints and their recent deliveries.',
  'notifications:write': 'Choose notifications, and add, enable, test and delete webhook endpoints.',
} as const;
export type LatchkeyPermission = keyof typeof latchkeyPermissions;

/** A token's permission names as stored: sorted and space-separated, as OAuth writes scopes; compares exactly. */
export function serializePermissions(names: readonly string[]): string {
  return [...new Set(names)].sort().join(' ');
}

export function parsePermissions(stored: string): string[] {
  return stored === '' ? [] : stored.split(' ');
}
