import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import { builder } from '../builder.js';
import { db } from '../db.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { quotaOf } from '../tokens/controls.js';
import { expirationDays, TokenExpiration } from '../tokens/expiration.js';
import { type LatchkeyPermission, parsePermissions } from '../tokens/permissions.js';
import { TokenStatus, tokenStatus } from '../tokens/status.js';
import { countTokens, findTokenPage } from '../tokens/token-pages.js';
import { checkedPageSize, checkedSearch, cursorId } from './connection-args.js';
import { PermissionRef } from './services.js';
import { type TokenView, tokenColumnsSelected, withColumnsOf } from './token-columns.js';
import { TokenQuotaRef, TokenRateLimitRef } from './token-controls.js';
import { UserRef } from './user.js';

export const TOKEN_TYPENAME = 'PersonalAccessToken';

export const TokenStatusEnum = builder.enumType('TokenStatus', {
  description: 'Where a token is in its life. Derived from its dates on every read, never stored.',
  values: {
    PENDING: {
      value: TokenStatus.PENDING,
      description: "Waits for an administrator's approval; authenticates nothing until approved.",
    },
    ACTIVE: { value: TokenStatus.ACTIVE, description: 'Authenticates requests.' },
    REVOKED: { value: TokenStatus.REVOKED, description: 'Refused; its owner may restore or delete it.' },
    EXPIRED: { value: TokenStatus.EXPIRED, description: 'Past its expiry date; refused for good.' },
  },
});

export const TokenExpirationEnum = builder.enumType('TokenExpiration', {
  description: 'How long a new token lives. There is deliberately no "never".',
  values: Object.fromEntries(
    Object.values(TokenExpiration).map((value) => [
      value,
      { value, description: `${expirationDays[value]} days from now.` },
    ]),
  ) as Record<TokenExpiration, { value: TokenExpiration; description: string }>,
});

export const RotationOverlapEnum = builder.enumType('RotationOverlap', {
  description: 'How long the secret a rotation replaces keeps working beside the new one.',
  values: {
    NONE: { description: 'It stops at once.' },
    ONE_HOUR: { description: 'One more hour.' },
    ONE_DAY: { description: 'One more day.' },
    SEVEN_DAYS: { description: 'Seven more days.' },
  },
});

export const RevocationReasonEnum = builder.enumType('RevocationReason', {
  description: 'Why a token was revoked.',
  values: {
    OWNER: { description: 'Its owner revoked it; the owner may restore it until it expires.' },
    LEAKED: { description: 'It was found exposed; it cannot be restored.' },
    ADMIN: {
      description: 'An administrator revoked it (`revocationMessage` holds their message); it cannot be restored.',
    },
    DENIED: {
      description: 'An administrator denied the approval it waited for (`revocationMessage` says why).',
    },
    INACTIVE: { description: 'It went unused for longer than the inactivity policy allows; it cannot be restored.' },
  },
});

// One object for every token: scope-auth caches a scope map's verdict per request by its identity.
const READ_OR_WRITE_TOKENS = { permission: ['tokens:read', 'tokens:write'] } as const satisfies {
  permission: LatchkeyPermission[];
};

export const TokenRef = builder.node(builder.objectRef<TokenView>(TOKEN_TYPENAME), {
  description:
    'A personal access token. Its secret is shown once, by `generateToken`, and never again. ' +
    'Readable with the `tokens:read` or `tokens:write` permission; a token may always read itself.',
  id: { resolve: (token) => token.id, description: 'Global id.' },
  loadOne: (id, context) =>
    db.personalAccessToken.findFirst({
      where: { id, userId: context.viewer?.userId ?? '' },
      omit: { digest: true, previousDigest: true },
    }),
  authScopes: (token, context) => (token.id === context.viewer?.token?.id ? true : READ_OR_WRITE_TOKENS),
  // Checked once per token (in isTypeOf) rather than wrapped around each of its fields: a page of 20 tokens
  // would otherwise run the check machinery 20 times per field selected.
  runScopesOnType: true,
  fields: (t) => ({
    name: t.string({
      description: 'The name its owner gave it, unique among their tokens.',
      resolve: (token) => withColumnsOf(token, 'name').name,
    }),
    description: t.string({
      nullable: true,
      description: 'A note from its owner about what it is for; null when there is none.',
      resolve: (token) => withColumnsOf(token, 'description').description,
    }),
    hint: t.string({
      description: 'The prefix and last four characters of the secret, to recognise it (`lkpat_…abcd`).',
      resolve: (token) => withColumnsOf(token, 'hint').hint,
    }),
    permissions: t.field({
      type: [PermissionRef],
      description:
        'What the token may do, as the catalogue describes it now: a permission since removed from the ' +
        'catalogue shows as `removed` and grants nothing.',
      resolve: (token) =>
        parsePermissions(withColumnsOf(token, 'permissions').permissions).map((name) =>
          operatorCatalogue().describe(name),
        ),
    }),
    status: t.field({
      type: TokenStatusEnum,
      description: 'Derived from `expiresAt`, `revokedAt` and a pending approval at the time of the request.',
      resolve: (token, _args, context) => tokenStatus(withColumnsOf(token, 'status'), context.requestedAt),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was generated.',
      resolve: (token) => withColumnsOf(token, 'createdAt').createdAt,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description: 'When it stops working.',
      resolve: (token) => withColumnsOf(token, 'expiresAt').expiresAt,
    }),
    revokedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null unless revoked.',
      resolve: (token) => withColumnsOf(token, 'revokedAt').revokedAt,
    }),
    revocationReason: t.field({
      type: RevocationReasonEnum,
      nullable: true,
      description: 'Why it was revoked; null unless revoked.',
      resolve: (token) => withColumnsOf(token, 'revocationReason').revocationReason,
    }),
    pendingApprovalSince: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        "Since when it waits for an administrator's approval (status `PENDING`); null once approved or denied, or " +
        'when it never needed approval.',
      resolve: (token) => withColumnsOf(token, 'pendingApprovalSince').pendingApprovalSince,
    }),
    approvedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When an administrator approved it (its lifetime counts from then); null unless approved.',
      resolve: (token) => withColumnsOf(token, 'approvedAt').approvedAt,
    }),
    approvedByEmail: t.string({
      nullable: true,
      description: 'The email, at the time, of the administrator who approved it; null unless approved.',
      resolve: (token) => withColumnsOf(token, 'approvedByEmail').approvedByEmail,
    }),
    revocationMessage: t.string({
      nullable: true,
      description:
        "The administrator's message when they denied its approval or revoked it (reasons `DENIED`, `ADMIN`); null " +
        'otherwise.',
      resolve: (token) => withColumnsOf(token, 'revocationMessage').revocationMessage,
    }),
    lastUsedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it last authenticated a request, to the minute; null if never used.',
      resolve: (token) => withColumnsOf(token, 'lastUsedAt').lastUsedAt,
    }),
    lastUsedIp: t.string({
      nullable: true,
      description: 'The address of that request.',
      resolve: (token) => withColumnsOf(token, 'lastUsedIp').lastUsedIp,
    }),
    rotatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When `rotateToken` last gave it a new secret; null if it still has the secret it was generated with.',
      resolve: (token) => withColumnsOf(token, 'rotatedAt').rotatedAt,
    }),
    previousSecretValidUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Until when the secret the last rotation replaced keeps working beside the current one; null when there ' +
        'is none, it has ended, or the token was revoked (which ends it).',
      resolve: (token, _args, context) => {
        const until = withColumnsOf(token, 'previousSecretValidUntil').previousSecretValidUntil;
        return until && until > context.requestedAt ? until : null;
      },
    }),
    lastUsedService: t.string({
      nullable: true,
      description: 'Where that request went: `latchkey`, or the id of one of the operator’s services that verified it.',
      resolve: (token) => withColumnsOf(token, 'lastUsedService').lastUsedService,
    }),
    allowedAddresses: t.stringList({
      description:
        'The addresses and CIDR ranges it may be used from, normalised (`10.0.0.0/8`, `203.0.113.7/32`); empty ' +
        'when any address may.',
      resolve: (token) => withColumnsOf(token, 'allowedAddresses').allowedAddresses?.split(' ') ?? [],
    }),
    refusedAddressCount: t.int({
      description: 'Requests refused because they came from outside `allowedAddresses`.',
      resolve: (token) => withColumnsOf(token, 'refusedAddressCount').refusedAddressCount,
    }),
    rateLimit: t.field({
      type: TokenRateLimitRef,
      nullable: true,
      description: 'Its rate limit; null when it has none.',
      resolve: (token) => {
        const { rateLimitRequests: requests, rateLimitWindowSeconds: windowSeconds } = withColumnsOf(
          token,
          'rateLimit',
        );
        return requests !== null && windowSeconds !== null ? { requests, windowSeconds } : null;
      },
    }),
    quota: t.field({
      type: TokenQuotaRef,
      nullable: true,
      description: 'Its usage quota, with what is left of it; null when it has none.',
      resolve: (token) => {
        const quota = quotaOf(withColumnsOf(token, 'quota'));
        return quota && { tokenId: token.id, quota };
      },
    }),
  }),
});

// Pothos's own cursor rules (page sizes, which arguments combine, hasNextPage/hasPreviousPage, cursor
// format), so the page query below can be ours.
const tokenPages = prismaConnectionHelpers(builder, 'PersonalAccessToken', {
  cursor: 'id',
  // The rows are ours (findTokenPage), holding `id`, `userId` and what the selection reads.
  select: () => ({ id: true, userId: true }),
  maxSize: checkedPageSize,
});

/** A page as the connection's fields see it: `totalCount` is counted only when asked for. */
interface TokenPage {
  countMatching(): Promise<number>;
}

function isTokenPage(connection: object): connection is TokenPage {
  return 'countMatching' in connection;
}

builder.prismaObjectField('User', 'tokens', (t) =>
  t.connection(
    {
      type: TokenRef,
      description: 'Your tokens, newest first, at most 100 a page. Tokens need the `tokens:read` permission.',
      authScopes: { permission: 'tokens:read' },
      args: {
        status: t.arg({ type: TokenStatusEnum, description: 'Only tokens in this status.' }),
        search: t.arg.string({
          description:
            'Only tokens whose name contains this text (ignoring case and compatibility forms, as names do).',
        }),
      },
      // One prepared statement on the `(userId, createdAt, id)` index instead of a Prisma relation query:
      // this is the settings page's and the CLI's list, and the bench's scenario 2.
      resolve: async (user, args, context, info) => {
        const filters = {
          userId: user.id,
          status: args.status,
          search: checkedSearch(args.search),
          now: context.requestedAt,
        };
        const ownCursorId = cursorId(args);
        // Negative when paging backwards; one more row than the page holds, to tell whether there are more.
        const take = tokenPages.getQuery(args, context, () => true).take ?? 0;
        const rows = await findTokenPage({
          ...filters,
          cursorId: ownCursorId,
          limit: Math.abs(take),
          backward: take < 0,
          columns: tokenColumnsSelected(info),
        });
        const page: TokenPage = { countMatching: () => countTokens(filters) };
        return { ...tokenPages.resolve(rows, args, context, user), ...page };
      },
    },
    {
      name: 'PersonalAccessTokenConnection',
      description: 'A page of tokens.',
      fields: (t) => ({
        totalCount: t.int({
          description: 'How many tokens match the filters, on all pages.',
          resolve: (connection) => {
            if (!isTokenPage(connection)) throw new Error('A token connection was resolved without its count.');
            return connection.countMatching();
          },
        }),
      }),
    },
    {
      name: 'PersonalAccessTokenEdge',
      description: 'A token in a page.',
    },
  ),
);

builder.objectField(UserRef, 'currentToken', (t) =>
  t.field({
    type: TokenRef,
    nullable: true,
    description: 'The token authenticating this request; null for a signed-in session.',
    resolve: (user, _args, context) => {
      const tokenId = context.viewer?.token?.id;
      return tokenId
        ? db.personalAccessToken.findFirst({
            where: { id: tokenId, userId: user.id },
            omit: { digest: true, previousDigest: true },
          })
        : null;
    },
  }),
);
