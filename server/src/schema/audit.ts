import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { AuditChange } from '../audit/events.js';
import { builder } from '../builder.js';
import { db } from '../db.js';
import { checkedPageSize, pageFromOwnCursor } from './connection-args.js';
import { localIdFor } from './global-ids.js';
import { RotationOverlapEnum } from './token.js';

const AuditActionEnum = builder.enumType('AuditAction', {
  description: 'What happened.',
  values: {
    TOKEN_GENERATED: { description: 'A token was generated.' },
    TOKEN_REVOKED: { description: 'A token was revoked.' },
    TOKEN_RESTORED: { description: 'A revoked token was restored.' },
    TOKEN_DELETED: { description: 'A token was deleted for good.' },
    TOKEN_UPDATED: { description: 'A token was edited; `changes` says what changed.' },
    TOKEN_ROTATED: { description: 'A token was given a new secret; `rotationOverlap` says for how long.' },
    TOKEN_USED_FROM_NEW_ADDRESS: {
      description:
        'A token was used from an address outside every network it had been used from before (IPv4 /24, IPv6 ' +
        '/64): `ip` is that address.',
    },
    TOKEN_REFUSED_ADDRESS: {
      description:
        'A token was refused because the request came from outside its address allowlist: `ip` is that address, ' +
        '`refusedCount` how many requests from it this event stands for.',
    },
    SIGNED_IN: { description: 'Someone signed in with the password.' },
    SIGN_IN_FAILED: { description: 'Someone tried to sign in with a wrong password.' },
    PASSWORD_CHANGED: { description: 'The password was changed; other sessions were signed out.' },
    ADMINISTRATOR_GRANTED: {
      description:
        'Someone was made an administrator: `subjectEmail` says who, `administratorEmail` by whom (null when the ' +
        'operator did it from the shell). It shows in both their logs.',
    },
    ADMINISTRATOR_REVOKED: {
      description:
        'Someone stopped being an administrator, and their tokens stopped granting `admin:*`: `subjectEmail` says ' +
        'who, `administratorEmail` by whom (null from the shell). It shows in both their logs.',
    },
    TOKEN_APPROVED: {
      description: 'An administrator approved a token that waited for approval: `administratorEmail` says who.',
    },
    TOKEN_DENIED: {
      description: 'An administrator denied a token that waited for approval: `administratorEmail` says who.',
    },
    TOKENS_REVOKED_IN_BULK: {
      description:
        "An administrator revoked tokens of several accounts at once (in the administrator's log, with `count` and " +
        "`message`; each owner's log has a `TOKEN_REVOKED` per token with the same `message`).",
    },
    ACCOUNT_LOCKED: {
      description:
        'An administrator locked an account: its sessions ended and its tokens stopped working. `subjectEmail` ' +
        'says whose, `administratorEmail` by whom.',
    },
    ACCOUNT_UNLOCKED: {
      description: 'An administrator unlocked an account: `subjectEmail` says whose, `administratorEmail` by whom.',
    },
    SERVICE_KEY_CREATED: {
      description:
        "An administrator minted a key for one of the operator's services (in their log; from the shell, in nobody's): " +
        '`serviceId` and `serviceKeyHint` name the key.',
    },
    SERVICE_KEY_REVOKED: {
      description:
        "An administrator revoked a key of one of the operator's services (in their log; from the shell, in " +
        "nobody's): `serviceId` and `serviceKeyHint` name the key.",
    },
  },
});

const ActorTypeEnum = builder.enumType('AuditActorType', {
  description: 'How the actor was authenticated.',
  values: {
    SESSION: { description: 'A signed-in browser session.' },
    TOKEN: { description: 'A personal access token.' },
    ANONYMOUS: { description: 'Nobody yet (sign-in attempts).' },
    OPERATOR: { description: 'The operator, from the shell (`npm run admin`).' },
  },
});

const AuditChangeRef = builder.objectRef<AuditChange>('AuditChange').implement({
  description: 'One field an edit changed, before and after. Never a secret.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description:
        'Which: `name`, `description`, `permissions` (space-separated), `expiresAt`, `allowedAddresses` ' +
        '(space-separated), `rateLimit` (`100/60s`) or `quota` (`1000/MONTH`, or `1000` when it never refills).',
    }),
    before: t.exposeString('before', { nullable: true, description: 'Its value before; null when it had none.' }),
    after: t.exposeString('after', { nullable: true, description: 'Its value after; null when it has none.' }),
  }),
});

const AuditEventRef = builder.prismaNode('AuditEvent', {
  description: 'A security-relevant event on your account. Tokens need the `audit:read` permission.',
  id: { field: 'id', description: 'Global id.' },
  nullable: true,
  findUnique: (id, context) => ({ id, userId: context.viewer?.userId ?? '' }),
  authScopes: { permission: 'audit:read' },
  fields: (t) => ({
    action: t.expose('action', { type: AuditActionEnum, description: 'What happened.' }),
    actorType: t.expose('actorType', { type: ActorTypeEnum, description: 'How the actor was authenticated.' }),
    actorId: t.id({
      nullable: true,
      description: 'The global id of the acting token, or the opaque id of the acting session.',
      resolve: (event) =>
        event.actorType === 'TOKEN' && event.actorId
          ? encodeGlobalID('PersonalAccessToken', event.actorId)
          : event.actorId,
    }),
    tokenId: t.id({
      nullable: true,
      description: 'Global id of the token concerned; it may since have been deleted.',
      resolve: (event) => (event.tokenId ? encodeGlobalID('PersonalAccessToken', event.tokenId) : null),
    }),
    tokenName: t.exposeString('tokenName', { nullable: true, description: 'Name of that token at the time.' }),
    rotationOverlap: t.expose('rotationOverlap', {
      type: RotationOverlapEnum,
      nullable: true,
      description: 'For `TOKEN_ROTATED`: how long the replaced secret kept working; null for other events.',
    }),
    changes: t.field({
      type: [AuditChangeRef],
      nullable: true,
      description: 'For `TOKEN_UPDATED`: the fields the edit changed. Null for other events.',
      resolve: (event) => (event.changes ? (JSON.parse(event.changes) as AuditChange[]) : null),
    }),
    refusedCount: t.exposeInt('refusedCount', {
      nullable: true,
      description:
        'For `TOKEN_REFUSED_ADDRESS`: how many refused requests from `ip` it stands for. Null for other events.',
    }),
    administratorEmail: t.exposeString('actorEmail', {
      nullable: true,
      description:
        'For administrative events: the email, at the time, of the administrator who acted; null from the shell ' +
        'and for other events.',
    }),
    subjectEmail: t.exposeString('subjectEmail', {
      nullable: true,
      description: 'For administrative events: the email, at the time, of the person it was done to.',
    }),
    message: t.exposeString('message', {
      nullable: true,
      description:
        "For administrative events: the administrator's message (a lock's reason, an approval's or a denial's, a " +
        "bulk revocation's, and on each `TOKEN_REVOKED` it caused). Null otherwise.",
    }),
    count: t.exposeInt('count', {
      nullable: true,
      description: 'For `TOKENS_REVOKED_IN_BULK`: how many tokens it revoked. Null for other events.',
    }),
    serviceId: t.exposeString('serviceId', {
      nullable: true,
      description: 'For `SERVICE_KEY_CREATED` and `SERVICE_KEY_REVOKED`: the service the key belongs to.',
    }),
    serviceKeyHint: t.exposeString('serviceKeyHint', {
      nullable: true,
      description:
        "For `SERVICE_KEY_CREATED` and `SERVICE_KEY_REVOKED`: the key's hint (`lksvc_…abcd`), never its secret.",
    }),
    ip: t.exposeString('ip', { nullable: true, description: 'Address the request came from.' }),
    userAgent: t.exposeString('userAgent', { nullable: true, description: 'User agent of that request.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it happened.' }),
  }),
});

const auditPages = prismaConnectionHelpers(builder, 'AuditEvent', {
  cursor: 'id',
  maxSize: checkedPageSize,
});

builder.prismaObjectField('User', 'auditEvents', (t) =>
  t.connection(
    {
      type: AuditEventRef,
      description: 'Your audit log, newest first, at most 100 a page. Tokens need the `audit:read` permission.',
      authScopes: { permission: 'audit:read' },
      args: {
        tokenId: t.arg.id({ description: 'Only events about this token (global id).' }),
        action: t.arg({
          type: [AuditActionEnum],
          description: 'Only events with one of these actions; every action when left out. An empty list matches none.',
        }),
      },
      resolve: async (user, args, context) => {
        const tokenFilter = args.tokenId ? { tokenId: localIdFor(args.tokenId, 'PersonalAccessToken') ?? '' } : {};
        const actionFilter = args.action ? { action: { in: args.action } } : {};
        const { take, skip, cursor } = auditPages.getQuery(args, context, () => true);
        const events = await pageFromOwnCursor(
          args,
          async (id) => (await db.auditEvent.count({ where: { id, userId: user.id } })) > 0,
          () =>
            db.auditEvent.findMany({
              where: { ...tokenFilter, ...actionFilter, userId: user.id },
              orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
              take,
              skip,
              cursor,
            }),
        );
        return auditPages.resolve(events, args, context, user);
      },
    },
    { name: 'AuditEventConnection', description: 'A page of audit events.' },
    { name: 'AuditEventEdge', description: 'An audit event in a page.' },
  ),
);
