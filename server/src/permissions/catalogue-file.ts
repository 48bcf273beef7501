import { z } from 'zod';
import { checkPolicyPermissions } from '../policies/configuration.js';

/** Latchkey's own service: its permissions are built in, and a catalogue file may not redefine it. */
export const BUILT_IN_SERVICE_ID = 'latchkey';

const SERVICE_ID = /^[a-z][a-z0-9-]{0,39}$/;
const PERMISSION_NAME = /^[a-z][a-z0-9-]{0,39}:[a-z][a-z0-9-]{0,39}$/;

const permissionSchema = z.strictObject({
  name: z
    .string()
    .regex(PERMISSION_NAME, 'a permission name is `service:action` in lower case, for example `reports:read`')
    .describe('`service:action`, where `service` is the id of the service that declares it.'),
  description: z.string().trim().min(1).max(200).describe('One line that says what it allows.'),
  implies: z
    .array(z.string())
    .optional()
    .describe(
      'Other permissions of the catalogue that holding this one grants too (`reports:write` → `reports:read`).',
    ),
});

const serviceSchema = z.strictObject({
  id: z
    .string()
    .regex(SERVICE_ID, 'a service id is lower-case letters, digits and dashes, starting with a letter')
    .describe('Lower-case id, used in permission names and as the audience tokens are verified for.'),
  name: z.string().trim().min(1).max(100).describe('Display name.'),
  description: z.string().max(500).default('').describe('What the service is.'),
  permissions: z.array(permissionSchema).min(1).describe('What a token may be allowed to do at this service.'),
});

/** The administrators' rules for every account's tokens (docs/administration.md); each is off when left out. */
const policiesSchema = z.strictObject({
  maxTokenLifetimeDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe('No token may live longer than this many days: longer choices are refused and not offered.'),
  revokeUnusedAfterDays: z
    .number()
    .int()
    .min(8)
    .max(3650)
    .optional()
    .describe(
      'Tokens unused (or, never used, since they were created) for this many days are revoked; their owners are ' +
        'warned 7 days before.',
    ),
  approvalRequired: z
    .array(z.string())
    .default([])
    .describe(
      "Permissions a token may hold only after an administrator's approval: such a token is created pending and " +
        'authenticates nothing until approved.',
    ),
  writeRequiresAllowlist: z
    .boolean()
    .default(false)
    .describe('Tokens holding any `*:write` permission must have an address allowlist.'),
});

/** The operator's catalogue file (`latchkey.config.json`), as JSON Schema describes it to editors. */
export const catalogueFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    services: z.array(serviceSchema).default([]).describe("The operator's services and their permissions."),
    policies: policiesSchema
      .default({ approvalRequired: [], writeRequiresAllowlist: false })
      .describe("Rules for every account's tokens, enforced by the API and shown to administrators."),
  })
  .superRefine((file, context) => {
    const declared = new Set<string>();
    file.services.forEach((service, serviceIndex) => {
      if (service.id === BUILT_IN_SERVICE_ID) {
        context.addIssue({
          code: 'custom',
          path: ['services', serviceIndex, 'id'],
          message: `"${BUILT_IN_SERVICE_ID}" is Latchkey's own service and cannot be redefined`,
        });
      }
      if (file.services.findIndex((other) => other.id === service.id) !== serviceIndex) {
        context.addIssue({
          code: 'custom',
          path: ['services', serviceIndex, 'id'],
          message: `service "${service.id}" is declared twice`,
        });
      }
      service.permissions.forEach((permission, permissionIndex) => {
        const path = ['services', serviceIndex, 'permissions', permissionIndex, 'name'];
        if (!permission.name.startsWith(`${service.id}:`)) {
          context.addIssue({
            code: 'custom',
            path,
            message: `"${permission.name}" must start with its service's id: "${service.id}:"`,
          });
        }
        if (declared.has(permission.name)) {
          context.addIssue({ code: 'custom', path, message: `permission "${permission.name}" is declared twice` });
        }
        declared.add(permission.name);
      });
    });
    file.services.forEach((service, serviceIndex) => {
      service.permissions.forEach((permission, permissionIndex) => {
        permission.implies?.forEach((implied, impliedIndex) => {
          if (!declared.has(implied)) {
            context.addIssue({
              code: 'custom',
              path: ['services', serviceIndex, 'permissions', permissionIndex, 'implies', impliedIndex],
              message: `"${implied}" is not a permission of this catalogue`,
            });
          }
        });
      });
    });
    checkPolicyPermissions(file.policies, declared, context);
  });

export type CatalogueFile = z.infer<typeof catalogueFileSchema>;
