import type { Prisma } from '../generated/prisma/client.js';

/** The part of a permission's name before its colon (`reports` of `reports:read`). */
export function permissionPrefix(permission: string): string {
  return permission.slice(0, Math.max(0, permission.indexOf(':')));
}

/**
 * Makes the token's TokenPermission rows what its `permissions` now hold, in the transaction that writes them: the
 * administrators' inventory finds the holders of a permission or service through them.
 */
export async function indexTokenPermissions(
  tx: Prisma.TransactionClient,
  tokenId: string,
  permissions: readonly string[],
  { replacing }: { replacing: boolean },
): Promise<void> {
  if (replacing) await tx.tokenPermission.deleteMany({ where: { tokenId } });
  if (permissions.length === 0) return;
  await tx.tokenPermission.createMany({
    data: permissions.map((permission) => ({ tokenId, permission, prefix: permissionPrefix(permission) })),
  });
}
