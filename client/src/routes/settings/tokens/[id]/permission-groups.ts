import type { PermissionCatalogueQuery } from '$lib/graphql/graphql';

export interface PermissionGroup {
  id: string;
  name: string;
  permissions: { name: string; removed: boolean; description: string | null }[];
}

/**
 * A token's permissions grouped by the service that declares them, in the catalogue's order; names the catalogue
 * no longer has (or everything, while it loads) come last, on their own.
 */
export function permissionsByService(
  permissions: readonly { name: string; removed: boolean }[],
  services: PermissionCatalogueQuery['services'] | undefined,
): PermissionGroup[] {
  const groups: PermissionGroup[] = [];
  const placed = new Set<string>();
  for (const service of services ?? []) {
    const held = service.permissions.filter((permission) =>
      permissions.some((own) => own.name === permission.name && !own.removed),
    );
    for (const permission of held) placed.add(permission.name);
    if (held.length > 0) {
      groups.push({
        id: service.id,
        name: service.name,
        permissions: held.map((permission) => ({ ...permission, removed: false })),
      });
    }
  }
  const rest = permissions.filter((permission) => !placed.has(permission.name));
  if (rest.length > 0) {
    groups.push({
      id: '',
      name: services ? 'Other' : 'Permissions',
      permissions: rest.map((permission) => ({ ...permission, description: null })),
    });
  }
  return groups;
}
