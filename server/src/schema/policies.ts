import { builder } from '../builder.js';
import { INACTIVITY_WARNING_DAYS } from '../policies/inactivity-scan.js';
import type { Policies } from '../policies/policies.js';

const PoliciesRef = builder.objectRef<Policies>('Policies').implement({
  description:
    "The operator's rules for every account's tokens, from the configuration file's `policies` " +
    '(docs/administration.md). Read-only: they change with the file.',
  fields: (t) => ({
    maxTokenLifetimeDays: t.int({
      nullable: true,
      description:
        'No new or edited token may live longer than this many days (rotation brings a new secret within it); ' +
        'null when any offered lifetime is allowed. Tokens that already live longer keep their expiry.',
      resolve: (policies) => policies.maxTokenLifetimeDays,
    }),
    revokeUnusedAfterDays: t.int({
      nullable: true,
      description:
        'Tokens unused for this many days (counted from their creation when never used) are revoked with the reason ' +
        '`INACTIVE`, which their owner cannot undo; null when unused tokens are never revoked.',
      resolve: (policies) => policies.revokeUnusedAfterDays,
    }),
    inactivityWarningDays: t.int({
      description: 'How many days before an inactivity revocation the owner is warned (`token.inactive`).',
      resolve: () => INACTIVITY_WARNING_DAYS,
    }),
    approvalRequired: t.stringList({
      description: "Permissions a new token may hold only after an administrator's approval, sorted; empty when none.",
      resolve: (policies) => [...policies.approvalRequired].sort(),
    }),
    writeRequiresAllowlist: t.boolean({
      description:
        'True when tokens that can write (hold a `*:write` permission, or one that implies it) must have an ' +
        'address allowlist.',
      resolve: (policies) => policies.writeRequiresAllowlist,
    }),
  }),
});

builder.queryField('policies', (t) =>
  t.field({
    type: PoliciesRef,
    description:
      "The operator's token policies, for anyone who generates tokens: forms offer only what they allow. Needs a " +
      'signed-in session or token.',
    authScopes: { signedIn: true },
    resolve: (_root, _args, context) => context.policies,
  }),
);
