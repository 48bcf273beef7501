import type { z } from 'zod';
import { latchkeyPermissions } from '../tokens/permissions.js';

/**
 * The catalogue file's check of its `policies`: each permission named in `approvalRequired` must be one of the
 * catalogue's, Latchkey's own included, or the rule would silently never apply.
 */
export function checkPolicyPermissions(
  policies: { approvalRequired: readonly string[] },
  declared: ReadonlySet<string>,
  context: z.RefinementCtx,
): void {
  policies.approvalRequired.forEach((name, index) => {
    if (declared.has(name) || Object.hasOwn(latchkeyPermissions, name)) return;
    context.addIssue({
      code: 'custom',
      path: ['policies', 'approvalRequired', index],
      message: `"${name.slice(0, 100)}" is not a permission of this catalogue (nor one of Latchkey's own)`,
    });
  });
}
