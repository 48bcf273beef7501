import { builder } from '../builder.js';

export const UserRef = builder.prismaNode('User', {
  description: 'A person with an account.',
  // Select mode: `viewer { id }` needs no query at all, other fields load only their own columns.
  select: { id: true },
  id: { field: 'id', description: 'Global id.' },
  // Another person's account resolves to null through `node`, exactly like one that does not exist.
  nullable: true,
  findUnique: (id, context) => ({ id, AND: [{ id: context.viewer?.userId ?? '' }] }),
  fields: (t) => ({
    email: t.exposeString('email', {
      description: 'Sign-in email, lower-cased. Tokens need the `profile:read` permission.',
      authScopes: { permission: 'profile:read' },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the account was created.' }),
    tokenLimit: t.int({
      description:
        'How many tokens the account may hold, whatever their status (`tokens { totalCount }` counts them): ' +
        '`generateToken` answers `TokenLimitError` once it is reached.',
      resolve: (_user, _args, context) => context.tokenLimitPerUser,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'The account this request acts for, or null when it is not authenticated.',
    resolve: (_root, _args, context) => (context.viewer ? { id: context.viewer.userId } : null),
  }),
);
