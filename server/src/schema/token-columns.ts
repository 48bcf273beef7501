import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { perParsedDocument } from '../caches.js';
import { LISTED_COLUMNS, type ListedColumn, type ListedToken } from '../tokens/token-pages.js';

/**
 * The columns each `PersonalAccessToken` field reads; `id` and `userId` are always there. Fields resolve
 * through `withColumnsOf`, so a field that reads a column it does not list here fails type-checking.
 */
const COLUMNS_OF_FIELD = {
  __typename: [],
  id: [],
  name: ['name'],
  description: ['description'],
  hint: ['hint'],
  permissions: ['permissions'],
  status: ['expiresAt', 'revokedAt', 'pendingApprovalSince'],
  createdAt: ['createdAt'],
  expiresAt: ['expiresAt'],
  revokedAt: ['revokedAt'],
  revocationReason: ['revocationReason'],
  pendingApprovalSince: ['pendingApprovalSince'],
  approvedAt: ['approvedAt'],
  approvedByEmail: ['approvedByEmail'],
  revocationMessage: ['revocationMessage'],
  lastUsedAt: ['lastUsedAt'],
  lastUsedIp: ['lastUsedIp'],
  lastUsedService: ['lastUsedService'],
  rotatedAt: ['rotatedAt'],
  previousSecretValidUntil: ['previousSecretValidUntil'],
  allowedAddresses: ['allowedAddresses'],
  refusedAddressCount: ['refusedAddressCount'],
  rateLimit: ['rateLimitRequests', 'rateLimitWindowSeconds'],
  quota: ['quotaUses', 'quotaRefill', 'quotaSince'],
  // Read from the activity tables by the token's id.
  activity: [],
} as const satisfies Record<string, readonly ListedColumn[]>;

type TokenField = keyof typeof COLUMNS_OF_FIELD;
type ColumnsOf<Field extends TokenField> = (typeof COLUMNS_OF_FIELD)[Field][number];

/** What a token's fields resolve from: its id and owner, and the columns that were read. */
export type TokenView = ListedToken<never> & Partial<ListedToken>;

function holds<Column extends ListedColumn>(
  token: TokenView,
  columns: readonly Column[],
): token is TokenView & ListedToken<Column> {
  for (const column of columns) if (!(column in token)) return false;
  return true;
}

/** The token, with the columns `field` reads; reaching the throw means this table is wrong. */
export function withColumnsOf<Field extends TokenField>(
  token: TokenView,
  field: Field,
): TokenView & ListedToken<ColumnsOf<Field>> {
  const columns: readonly ColumnsOf<Field>[] = COLUMNS_OF_FIELD[field];
  if (!holds(token, columns)) throw new Error(`A token reached its ${field} field without the columns it reads.`);
  return token;
}

function columnsOfField(name: string): readonly ListedColumn[] | undefined {
  return Object.hasOwn(COLUMNS_OF_FIELD, name) ? COLUMNS_OF_FIELD[name as TokenField] : undefined;
}

/** Fields selected directly or through fragments (ignoring @skip/@include: reading a column too many is harmless). */
function selectedFields(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === 'Field') fields.push(selection);
    else if (selection.kind === 'InlineFragment') fields.push(...selectedFields(selection.selectionSet, info));
    else fields.push(...selectedFields(info.fragments[selection.name.value]?.selectionSet, info));
  }
  return fields;
}

const childFields = (fields: FieldNode[], name: string, info: GraphQLResolveInfo) =>
  fields.filter((field) => field.name.value === name).flatMap((field) => selectedFields(field.selectionSet, info));

/**
 * The columns a `tokens` connection's `edges { node { … } }` selection needs, in a fixed order (so that
 * equal selections share one prepared statement), or every column when it names a field this map does
 * not know.
 */
export function tokenColumnsSelected(info: GraphQLResolveInfo): readonly ListedColumn[] {
  // Yoga's parse cache hands every request with the same document the same AST, so this is worked out once.
  const [fieldNode] = info.fieldNodes;
  if (info.fieldNodes.length !== 1 || !fieldNode) return columnsOf(info);
  let columns = columnsByFieldNode.get(fieldNode);
  if (!columns) {
    columns = columnsOf(info);
    columnsByFieldNode.set(fieldNode, columns);
  }
  return columns;
}

// Keyed by the field's AST node: named fragments live outside it, but belong to the same cached document.
const columnsByFieldNode = perParsedDocument<FieldNode, readonly ListedColumn[]>();

function columnsOf(info: GraphQLResolveInfo): readonly ListedColumn[] {
  const connectionFields = info.fieldNodes.flatMap((field) => selectedFields(field.selectionSet, info));
  const nodeFields = childFields(childFields(connectionFields, 'edges', info), 'node', info);
  const wanted = new Set<ListedColumn>();
  for (const field of nodeFields) {
    const columns = columnsOfField(field.name.value);
    if (!columns) return LISTED_COLUMNS;
    for (const column of columns) wanted.add(column);
  }
  return LISTED_COLUMNS.filter((column) => wanted.has(column));
}
