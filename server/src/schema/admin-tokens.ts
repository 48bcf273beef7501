import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import {
  countInventory,
  findInventoryPage,
  INVENTORY_COUNT_LIMIT,
  type InventoryCursor,
  type InventoryOrder,
  InventoryOrderField,
  type InventoryToken,
  sortValueOf,
} from '../admin/inventory.js';
import { builder } from '../builder.js';
import { isWellFormedId } from '../ids.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { parsePermissions } from '../tokens/permissions.js';
import { tokenStatus } from '../tokens/status.js';
import { READ_ADMINISTRATION } from './admin.js';
import { AdminTokenFilterInput, inventoryFilterOf } from './admin-token-filter.js';
import { MAX_PAGE_SIZE } from './connection-args.js';
import { PermissionRef } from './services.js';
import { RevocationReasonEnum, TOKEN_TYPENAME, TokenStatusEnum } from './token.js';

const DEFAULT_PAGE_SIZE = 20;

const AdministeredTokenRef = builder.objectRef<InventoryToken>('AdministeredToken').implement({
  description: "A token of any account, as the administrators' inventory shows it. Its secret is never shown.",
  fields: (t) => ({
    id: t.id({
      description: 'Its global id (the same as the owner sees): what `revokeTokensAsAdministrator` takes.',
      resolve: (token) => encodeGlobalID(TOKEN_TYPENAME, token.id),
    }),
    ownerEmail: t.exposeString('ownerEmail', { description: "The owner's sign-in email." }),
    name: t.exposeString('name', { description: 'The name its owner gave it.' }),
    hint: t.exposeString('hint', { description: 'The prefix and last four characters of the secret.' }),
    permissions: t.field({
      type: [PermissionRef],
      description: 'What it may do, as the catalogue describes it now.',
      resolve: (token) => parsePermissions(token.permissions).map((name) => operatorCatalogue().describe(name)),
    }),
    status: t.field({
      type: TokenStatusEnum,
      description: 'Where it is in its life at the time of the request.',
      resolve: (token, _args, context) => tokenStatus(token, context.requestedAt),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was generated.' }),
    createdFromAddress: t.exposeString('createdFromAddress', {
      nullable: true,
      description: 'The address it was generated from; null for tokens older than the record.',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When it stops working.' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it last authenticated a request, to the minute; null if never used.',
    }),
    lastUsedService: t.exposeString('lastUsedService', {
      nullable: true,
      description: 'Where that request went: `latchkey` or a service id.',
    }),
    lastUsedIp: t.exposeString('lastUsedIp', { nullable: true, description: 'The address of that request.' }),
    pendingApprovalSince: t.expose('pendingApprovalSince', {
      type: 'DateTime',
      nullable: true,
      description: "Since when it waits for an administrator's approval; null unless pending.",
    }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null unless revoked.',
    }),
    revocationReason: t.expose('revocationReason', {
      type: RevocationReasonEnum,
      nullable: true,
      description: 'Why it was revoked; null unless revoked.',
    }),
    revocationMessage: t.exposeString('revocationMessage', {
      nullable: true,
      description: "The administrator's message with an ADMIN or DENIED revocation.",
    }),
  }),
});

const InventoryOrderFieldEnum = builder.enumType('AdminTokenOrderField', {
  description: 'What the inventory sorts by; the id breaks ties.',
  values: {
    CREATED_AT: { description: 'When the token was generated.' },
    EXPIRES_AT: { description: 'When it expires.' },
    LAST_USED_AT: { description: 'When it was last used; tokens never used come last in both directions.' },
  },
});

const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: 'Ascending or descending.',
  values: { ASC: { description: 'Oldest or earliest first.' }, DESC: { description: 'Newest or latest first.' } },
});

const AdminTokenOrderInput = builder.inputType('AdminTokenOrder', {
  description: 'How the inventory is sorted.',
  fields: (t) => ({
    field: t.field({ type: InventoryOrderFieldEnum, required: true, description: 'What to sort by.' }),
    direction: t.field({ type: OrderDirectionEnum, required: true, description: 'Which way.' }),
  }),
});

const DEFAULT_ORDER: InventoryOrder = { field: 'CREATED_AT', direction: 'DESC' };

const invalidCursor = () => new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });

/** Opaque to clients: the order it belongs to, the row's sort value and its id. */
function encodeCursor(order: InventoryOrder, token: InventoryToken): string {
  const value = sortValueOf(token, order);
  return Buffer.from(JSON.stringify([order.field, order.direction, value?.toISOString() ?? null, token.id])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string, order: InventoryOrder): InventoryCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || decoded.length !== 4) throw invalidCursor();
  const [field, direction, value, id] = decoded as unknown[];
  // A cursor of another order would start the page at a meaningless place.
  if (field !== order.field || direction !== order.direction) throw invalidCursor();
  if (typeof id !== 'string' || !isWellFormedId(id)) throw invalidCursor();
  if (value === null) {
    if (InventoryOrderField[order.field] !== 'lastUsedAt') throw invalidCursor();
    return { value: null, id };
  }
  if (typeof value !== 'string') throw invalidCursor();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidCursor();
  return { value: date, id };
}

interface InventoryConnection {
  edges: { cursor: string; node: InventoryToken }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted once, and only when `totalCount` or `totalCountIsLowerBound` is asked for. */
  countMatching(): Promise<{ count: number; atLeast: boolean }>;
}

const COUNT_LIMIT = INVENTORY_COUNT_LIMIT.toLocaleString('en');

function matchingOf(connection: object) {
  if (!('countMatching' in connection)) throw new Error('An inventory page was resolved without its count.');
  return (connection as Pick<InventoryConnection, 'countMatching'>).countMatching();
}

builder.queryField('adminTokens', (t) =>
  t.connection(
    {
      type: AdministeredTokenRef,
      description:
        "Every account's tokens, filtered and sorted, at most 100 a page (forward only: `first`, `after`). Only an " +
        "administrator's session, or an administrator's token holding `admin:read` or `admin:write`, may read it.",
      authScopes: READ_ADMINISTRATION,
      args: {
        filter: t.arg({ type: AdminTokenFilterInput, description: 'Which tokens; every token when left out.' }),
        orderBy: t.arg({ type: AdminTokenOrderInput, description: 'The order; newest first when left out.' }),
      },
      resolve: async (_root, args, context): Promise<InventoryConnection> => {
        if (args.last != null || args.before != null) {
          throw new GraphQLError('The inventory pages forward only: use `first` and `after`.', {
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        const first = args.first ?? DEFAULT_PAGE_SIZE;
        if (first < 0 || first > MAX_PAGE_SIZE) {
          throw new GraphQLError(`\`first\` must be between 0 and ${MAX_PAGE_SIZE}.`, {
            extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
          });
        }
        const order: InventoryOrder = args.orderBy ?? DEFAULT_ORDER;
        const filter = inventoryFilterOf(args.filter);
        const after = args.after != null ? decodeCursor(args.after, order) : undefined;
        const now = context.requestedAt;
        const tokens = await findInventoryPage({ filter, order, after, limit: first + 1, now });
        let counted: Promise<{ count: number; atLeast: boolean }> | undefined;
        const edges = tokens.slice(0, first).map((node) => ({ cursor: encodeCursor(order, node), node }));
        return {
          edges,
          pageInfo: {
            hasNextPage: tokens.length > first,
            hasPreviousPage: after !== undefined,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
          countMatching: () => {
            counted ??= countInventory(filter, now);
            return counted;
          },
        };
      },
    },
    {
      name: 'AdministeredTokenConnection',
      description: "A page of the administrators' inventory.",
      fields: (t) => ({
        totalCount: t.int({
          description: `How many tokens match the filter on all pages, counted up to ${COUNT_LIMIT}: see \`totalCountIsLowerBound\`.`,
          resolve: async (connection) => (await matchingOf(connection)).count,
        }),
        totalCountIsLowerBound: t.boolean({
          description: `True when more than ${COUNT_LIMIT} tokens match: \`totalCount\` then says "at least".`,
          resolve: async (connection) => (await matchingOf(connection)).atLeast,
        }),
      }),
    },
    { name: 'AdministeredTokenEdge', description: 'A token in a page of the inventory.' },
  ),
);
