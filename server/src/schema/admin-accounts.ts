import { encodeGlobalID, resolveCursorConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import {
  type AccountSummary,
  accountSearchText,
  findAccount,
  findAccounts,
  lockAccount,
  MAX_LOCK_REASON_LENGTH,
  unlockAccount,
} from '../admin/accounts.js';
import type { RoleChange, RoleChanger } from '../admin/administrators.js';
import { auditActorOf } from '../audit/actor.js';
import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { LastAdministratorError, NotFoundError, ReauthenticationRequiredError, ValidationError } from '../errors.js';
import { requireRecentAuthentication } from '../security/enforce.js';
import { ADMINISTRATIVE_ACCESS, READ_ADMINISTRATION, SUDO_AND_AUDIT, WRITE_ADMINISTRATION } from './admin.js';
import { checkedPageSize } from './connection-args.js';

const MAX_SEARCH_LENGTH = 100;

const AdminAccountRef = builder.objectRef<AccountSummary>('AdminAccount').implement({
  description: 'An account as administrators see it (docs/administration.md, "Accounts").',
  fields: (t) => ({
    id: t.id({ description: "The account's global id.", resolve: (account) => encodeGlobalID('User', account.id) }),
    email: t.exposeString('email', { description: 'Sign-in email, lower-cased.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the account was created.' }),
    lastSignInAt: t.expose('lastSignInAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the person last signed in with their password (sign-up included); null if never recorded.',
    }),
    isAdministrator: t.exposeBoolean('isAdministrator', { description: 'Whether the account is an administrator.' }),
    lockedAt: t.expose('lockedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When an administrator locked the account; null while it is not locked.',
    }),
    lockedReason: t.exposeString('lockedReason', {
      nullable: true,
      description: "The locking administrator's reason, shown to the person at sign-in; null while not locked.",
    }),
    activeTokenCount: t.exposeInt('activeTokenCount', {
      description: 'Tokens that are active (neither pending, revoked nor expired); a lock refuses them all the same.',
    }),
    tokenCount: t.exposeInt('tokenCount', { description: 'Every token the account holds, whatever its status.' }),
  }),
});

const invalidCursor = () => new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });

const emailCursor = (email: string) => Buffer.from(email).toString('base64url');

function emailFromCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const email = Buffer.from(cursor, 'base64url').toString();
  if (!email || emailCursor(email) !== cursor) throw invalidCursor();
  return email;
}

function checkedAccountSearch(search: string | null | undefined): string | undefined {
  const text = accountSearchText(search);
  if (text && [...text].length > MAX_SEARCH_LENGTH) {
    throw new GraphQLError(`\`search\` is at most ${MAX_SEARCH_LENGTH} characters.`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'search' },
    });
  }
  return text;
}

builder.queryField('adminAccounts', (t) =>
  t.connection(
    {
      type: AdminAccountRef,
      description:
        `Every account by email, at most 100 a page, with its role, lock, last sign-in and token counts. ` +
        `${ADMINISTRATIVE_ACCESS} Tokens need \`admin:read\` or \`admin:write\`.`,
      authScopes: READ_ADMINISTRATION,
      args: {
        search: t.arg.string({ description: 'Only accounts whose email contains this text (ignoring case).' }),
      },
      resolve: (_root, args, context) => {
        const maxSize = checkedPageSize(args);
        const search = checkedAccountSearch(args.search);
        const now = context.clock.now();
        return resolveCursorConnection<Promise<AccountSummary[]>>(
          { args, maxSize, defaultSize: 20, toCursor: (account: AccountSummary) => emailCursor(account.email) },
          ({ after, before, limit, inverted }) =>
            findAccounts(
              { search, after: emailFromCursor(after), before: emailFromCursor(before), limit, inverted },
              now,
            ),
        );
      },
    },
    { name: 'AdminAccountConnection', description: 'A page of accounts.' },
    { name: 'AdminAccountEdge', description: 'An account in a page.' },
  ),
);

const AccountChangeSuccess = (name: string, description: string) =>
  builder.objectRef<{ account: AccountSummary; changed: boolean }>(name).implement({
    description,
    fields: (t) => ({
      account: t.field({ type: AdminAccountRef, description: 'The account as it is now.', resolve: (r) => r.account }),
      changed: t.exposeBoolean('changed', {
        description: 'False when the account already was as asked: nothing was changed or audited.',
      }),
    }),
  });

async function changeAccountAs(context: Context, change: (by: RoleChanger) => Promise<RoleChange>) {
  // Before the email is looked up: a stolen session must not probe which addresses have accounts.
  requireRecentAuthentication(context);
  const viewer = requireViewer(context);
  const at = context.clock.now();
  const { person, changed } = await change({
    actor: auditActorOf(viewer),
    administrator: { userId: viewer.userId },
    origin: context.origin,
    at,
  });
  return { account: await findAccount(person.id, at), changed };
}

const LockAccountInput = builder.inputType('LockAccountInput', {
  description: 'The account to lock, and why.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'Its sign-in email (compared case-insensitively).' }),
    reason: t.string({
      required: true,
      description: `Why, in at most ${MAX_LOCK_REASON_LENGTH} characters: the person is shown it when they sign in.`,
    }),
  }),
});

const UnlockAccountInput = builder.inputType('UnlockAccountInput', {
  description: 'The account to unlock.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'Its sign-in email (compared case-insensitively).' }),
  }),
});

builder.mutationField('lockAccount', (t) =>
  t.field({
    type: AccountChangeSuccess('LockAccountSuccess', 'The account is locked.'),
    description:
      'Lock an account: its sessions end, its tokens authenticate nothing from the next request on (on every ' +
      'replica; they are not revoked), and signing in answers `AccountLockedError` with the reason. Locking an ' +
      'administrator keeps their role but leaves them unable to use it until unlocked. Nobody may lock ' +
      'themselves, nor the last administrator who can sign in (`LastAdministratorError`). ' +
      `${ADMINISTRATIVE_ACCESS} Tokens need \`admin:write\`. ${SUDO_AND_AUDIT}`,
    authScopes: WRITE_ADMINISTRATION,
    args: { input: t.arg({ type: LockAccountInput, required: true, description: 'Whom to lock, and why.' }) },
    errors: {
      types: [ValidationError, NotFoundError, ReauthenticationRequiredError, LastAdministratorError],
      directResult: true,
      union: { name: 'LockAccountResult', description: 'The outcome of `lockAccount`.' },
    },
    resolve: (_root, { input }, context) =>
      changeAccountAs(context, (by) => lockAccount(input.email, input.reason, by)),
  }),
);

builder.mutationField('unlockAccount', (t) =>
  t.field({
    type: AccountChangeSuccess('UnlockAccountSuccess', 'The account is unlocked.'),
    description:
      'Unlock an account: the person may sign in again and their tokens work again as they were. ' +
      `${ADMINISTRATIVE_ACCESS} Tokens need \`admin:write\`. ${SUDO_AND_AUDIT}`,
    authScopes: WRITE_ADMINISTRATION,
    args: { input: t.arg({ type: UnlockAccountInput, required: true, description: 'Whom to unlock.' }) },
    errors: {
      types: [NotFoundError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'UnlockAccountResult', description: 'The outcome of `unlockAccount`.' },
    },
    resolve: (_root, { input }, context) => changeAccountAs(context, (by) => unlockAccount(input.email, by)),
  }),
);
