import { UsageError } from './failures.js';
import type { Scope } from './graphql/graphql.js';

/** The names people type and read; `satisfies` makes a scope added to the schema fail type-checking here. */
const scopeNames = {
  PROFILE_READ: 'profile:read',
  TOKENS_READ: 'tokens:read',
  TOKENS_WRITE: 'tokens:write',
  AUDIT_READ: 'audit:read',
} as const satisfies Record<Scope, string>;

const scopesByName = new Map<string, Scope>(Object.entries(scopeNames).map(([scope, name]) => [name, scope as Scope]));

export function scopeName(scope: Scope): string {
  return scopeNames[scope] ?? scope;
}

/** Accepts names like `tokens:read`, in any case. */
export function scopeFromName(name: string): Scope {
  const scope = scopesByName.get(name.trim().toLowerCase());
  if (!scope) {
    throw new UsageError(`unknown scope "${name}" (choose from ${[...scopesByName.keys()].join(', ')})`);
  }
  return scope;
}

/** Each `--scope` may also hold a comma-separated list. */
export function scopesFromNames(values: readonly string[]): Scope[] {
  const names = values.flatMap((value) => value.split(',')).filter((name) => name.trim() !== '');
  return [...new Set(names.map(scopeFromName))];
}

/** How a missing-scope error reads: "tokens:write", or "tokens:read or tokens:write". */
export function describeScopeAlternatives(scopes: readonly string[]): string {
  return scopes.map((scope) => (scope in scopeNames ? scopeName(scope as Scope) : scope)).join(' or ');
}
