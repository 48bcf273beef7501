import { builder } from '../builder.js';
import { db } from '../db.js';

export const UserRef = builder.prismaNode('User', {
  description: 'A person with an account.',
  id: { field: 'id', description: 'Global id.' },
  // Another person's account resolves to null through `node`, exactly like one that does not exist.
  nullable: true,
  findUnique: (id, context) => ({ id, AND: [{ id: context.viewer?.userId ?? '' }] }),
  fields: (t) => ({
    email: t.exposeString('email', {
      description: 'Sign-in email, lower-cased. Tokens need the `PROFILE_READ` scope.',
      authScopes: { tokenScope: 'PROFILE_READ' },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the account was created.' }),
  }),
});

builder.queryField('viewer', (t) =>
  t.prismaField({
    type: 'User',
    nullable: true,
    description: 'The account this request acts for, or null when it is not authenticated.',
    resolve: (query, _root, _args, context) =>
      context.viewer ? db.user.findUnique({ ...query, where: { id: context.viewer.userId } }) : null,
  }),
);
