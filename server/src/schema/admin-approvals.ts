import { resolveCursorConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { InvalidTransitionError, NotFoundError, ReauthenticationRequiredError, ValidationError } from '../errors.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { requireRecentAuthentication } from '../security/enforce.js';
import { globalIdFor } from '../synchronous-global-ids.js';
import {
  type ApprovalRequest,
  approvalCursor,
  approveToken,
  type DecisionContext,
  denyToken,
  findPendingApprovals,
  permissionsNeedingApproval,
} from '../tokens/approval.js';
import { parsePermissions } from '../tokens/permissions.js';
import { tokenStatus } from '../tokens/status.js';
import { ADMINISTRATIVE_ACCESS, READ_ADMINISTRATION, WRITE_ADMINISTRATION } from './admin.js';
import { checkedPageSize } from './connection-args.js';
import { localIdFor } from './global-ids.js';
import { PermissionRef } from './services.js';
import { TOKEN_TYPENAME, TokenStatusEnum } from './token.js';

const SUDO_AND_AUDIT =
  'A session needs the password entered within the last 10 minutes (`reauthenticate`). Audited in both your log ' +
  "and the token owner's; the owner is notified.";

const ApprovalRequestRef = builder.objectRef<ApprovalRequest>('TokenApprovalRequest').implement({
  description:
    "A token that asked for permissions needing an administrator's approval (the `approvalRequired` policy), as " +
    'administrators see it. Never its secret.',
  fields: (t) => ({
    tokenId: t.id({
      description: 'The global id of the token (`PersonalAccessToken`), for `approveToken` and `denyToken`.',
      resolve: (request) => globalIdFor(TOKEN_TYPENAME, request.id),
    }),
    ownerEmail: t.string({ description: "The owner's sign-in email.", resolve: (request) => request.user.email }),
    tokenName: t.exposeString('name', { description: 'The name its owner gave it.' }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What its owner says it is for; null when they said nothing.',
    }),
    permissions: t.field({
      type: [PermissionRef],
      description: 'Every permission it asks for, as the catalogue describes it.',
      resolve: (request) => parsePermissions(request.permissions).map((name) => operatorCatalogue().describe(name)),
    }),
    permissionsNeedingApproval: t.stringList({
      description: 'Those of its permissions the `approvalRequired` policy names: why it waits.',
      resolve: (request, _args, context) =>
        permissionsNeedingApproval(parsePermissions(request.permissions), context.policies.approvalRequired),
    }),
    requestedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Since when it waits; null once decided.',
      resolve: (request) => request.pendingApprovalSince,
    }),
    lifetimeDays: t.float({
      description: 'How long it will live once approved, in days: its lifetime counts from approval.',
      resolve: (request) =>
        (request.expiresAt.getTime() -
          (request.pendingApprovalSince ?? request.approvedAt ?? request.createdAt).getTime()) /
        86_400_000,
    }),
    status: t.field({
      type: TokenStatusEnum,
      description: 'Where the token is now: `PENDING` until decided.',
      resolve: (request, _args, context) => tokenStatus(request, context.requestedAt),
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description: 'When it stops working; while pending, provisional (moved by the wait on approval).',
      resolve: (request) => request.expiresAt,
    }),
    approvedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was approved; null unless approved.',
      resolve: (request) => request.approvedAt,
    }),
    approvedByEmail: t.exposeString('approvedByEmail', {
      nullable: true,
      description: 'Who approved it; null unless approved.',
    }),
    revocationMessage: t.exposeString('revocationMessage', {
      nullable: true,
      description: 'The message it was denied with; null unless denied.',
    }),
  }),
});

const invalidCursor = () => new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });

builder.queryField('pendingApprovals', (t) =>
  t.connection(
    {
      type: ApprovalRequestRef,
      description:
        `Tokens waiting for an administrator's approval, oldest request first, at most 100 a page. ${ADMINISTRATIVE_ACCESS} ` +
        'Tokens need `admin:read` or `admin:write`.',
      authScopes: READ_ADMINISTRATION,
      resolve: async (_root, args) => {
        checkedPageSize(args);
        const connection = await resolveCursorConnection<Promise<ApprovalRequest[] | null>>(
          { args, toCursor: (request) => approvalCursor(request), defaultSize: 20, maxSize: 100 },
          (page) => findPendingApprovals(page),
        );
        if (!connection) throw invalidCursor();
        return connection;
      },
    },
    { name: 'TokenApprovalRequestConnection', description: 'A page of requests waiting for approval.' },
    { name: 'TokenApprovalRequestEdge', description: 'A request in a page.' },
  ),
);

function decisionContext(context: Context): DecisionContext {
  // Before the token is looked up: a stolen session must not probe which tokens wait.
  requireRecentAuthentication(context);
  return { viewer: requireViewer(context), now: context.clock.now(), origin: context.origin };
}

function tokenIdFrom(globalId: string): string {
  const id = localIdFor(globalId, TOKEN_TYPENAME);
  if (!id) throw new NotFoundError();
  return id;
}

const decisionSuccess = (name: string, description: string) =>
  builder.objectRef<{ request: ApprovalRequest }>(name).implement({
    description,
    fields: (t) => ({
      request: t.expose('request', { type: ApprovalRequestRef, description: 'The request as the decision left it.' }),
    }),
  });

builder.mutationField('approveToken', (t) =>
  t.field({
    type: decisionSuccess(
      'ApproveTokenSuccess',
      'The token works from now on; its expiry moved by the time it waited, so its lifetime counts from now.',
    ),
    description:
      `Approve a token waiting for approval: its secret, shown once at generation, works from the next request on, ` +
      `at every replica and connected verifier. An administrator's own request needs another administrator. ` +
      `A request already decided or withdrawn gets \`InvalidTransitionError\`. ${ADMINISTRATIVE_ACCESS} Tokens need ` +
      `\`admin:write\`. ${SUDO_AND_AUDIT}`,
    authScopes: WRITE_ADMINISTRATION,
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the pending token (`TokenApprovalRequest.tokenId`).' }),
      message: t.arg.string({
        description: 'A note for the owner, sent with the notification: up to 500 characters. Optional.',
      }),
    },
    errors: {
      types: [ValidationError, NotFoundError, InvalidTransitionError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'ApproveTokenResult', description: 'The outcome of `approveToken`.' },
    },
    resolve: async (_root, { id, message }, context) => ({
      request: await approveToken(decisionContext(context), tokenIdFrom(id), message),
    }),
  }),
);

builder.mutationField('denyToken', (t) =>
  t.field({
    type: decisionSuccess(
      'DenyTokenSuccess',
      'The token is revoked (reason `DENIED`) with your message; it can never be restored.',
    ),
    description:
      `Deny a token waiting for approval: it is revoked for good (reason \`DENIED\`) and its owner reads your ` +
      `message. A request already decided or withdrawn gets \`InvalidTransitionError\`. ${ADMINISTRATIVE_ACCESS} ` +
      `Tokens need \`admin:write\`. ${SUDO_AND_AUDIT}`,
    authScopes: WRITE_ADMINISTRATION,
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the pending token (`TokenApprovalRequest.tokenId`).' }),
      message: t.arg.string({
        required: true,
        description: 'Why, for the owner: 1 to 500 characters, no control characters other than line breaks.',
      }),
    },
    errors: {
      types: [ValidationError, NotFoundError, InvalidTransitionError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'DenyTokenResult', description: 'The outcome of `denyToken`.' },
    },
    resolve: async (_root, { id, message }, context) => ({
      request: await denyToken(decisionContext(context), tokenIdFrom(id), message),
    }),
  }),
);
