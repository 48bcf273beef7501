export const Scope = {
  PROFILE_READ: 'PROFILE_READ',
  TOKENS_READ: 'TOKENS_READ',
  TOKENS_WRITE: 'TOKENS_WRITE',
  AUDIT_READ: 'AUDIT_READ',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

export const scopeCatalogue: Record<Scope, { name: string; description: string }> = {
  PROFILE_READ: { name: 'profile:read', description: "Read your account's email address." },
  TOKENS_READ: { name: 'tokens:read', description: 'List and read your personal access tokens.' },
  TOKENS_WRITE: {
    name: 'tokens:write',
    description: 'Generate, revoke, restore and delete your personal access tokens.',
  },
  AUDIT_READ: { name: 'audit:read', description: "Read your account's audit log." },
};

export const allScopes = Object.keys(scopeCatalogue) as Scope[];

const scopeSet = new Set<string>(allScopes);

/** Stored as a sorted, space-separated list so the column reads well and compares exactly. */
export function serializeScopes(scopes: readonly Scope[]): string {
  return [...new Set(scopes)].sort().join(' ');
}

export function parseScopes(stored: string): Scope[] {
  return stored.split(' ').filter((scope): scope is Scope => scopeSet.has(scope));
}

export function isSubsetOf(requested: readonly Scope[], granted: readonly Scope[]): boolean {
  return requested.every((scope) => granted.includes(scope));
}
