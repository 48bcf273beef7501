import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Viewer } from './audit/actor.js';
import { authorizationError, authScopesFor } from './auth/authorization.js';
import type { Context } from './context.js';
import { db } from './db.js';
import { ValidationError } from './errors.js';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';
import { isWellFormedId } from './ids.js';
import SynchronousGlobalIdsPlugin from './synchronous-global-ids.js';
import type { AdministrativePermission, LatchkeyPermission } from './tokens/permissions.js';

type SignedInContext = Context & { viewer: Viewer };

const NODE_TYPES = new Set(['User', 'PersonalAccessToken', 'AuditEvent', 'Webhook']);

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    signedIn: boolean;
    session: boolean;
    permission: LatchkeyPermission | LatchkeyPermission[];
    administrator: AdministrativePermission | AdministrativePermission[];
  };
  AuthContexts: {
    signedIn: SignedInContext;
    session: SignedInContext;
    permission: SignedInContext;
    administrator: SignedInContext;
  };
  Scalars: { DateTime: { Input: Date; Output: Date }; ID: { Input: string; Output: string } };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin, SynchronousGlobalIdsPlugin],
  scopeAuth: {
    authScopes: authScopesFor,
    unauthorizedError: (_parent, context, _info, result) => authorizationError(context, result.failure),
  },
  // Input validation only guards public mutations (sign-up); fields behind auth validate in their resolver, after authorization.
  errors: { defaultTypes: [], unsafelyHandleInputErrors: true },
  validation: {
    validationError: (failure) => ValidationError.fromIssues(failure.issues),
  },
  prisma: {
    client: db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeTypeOptions: { description: 'Anything with a global id that `Query.node` can fetch.' },
    idFieldOptions: { description: 'Global id.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its list.' },
    nodeQueryOptions: {
      description: 'Fetch anything of yours by its global id; anything else, or nothing, is null.',
      args: { id: { description: 'A global id.' } },
      // Only these types load by id; any other typename in an id (Query, Node, Session…) is simply not found.
      resolve: (_root, { id }, _context, _info, resolveNode) =>
        NODE_TYPES.has(id.typename) && isWellFormedId(id.id) ? resolveNode(id) : null,
    },
    nodesQueryOptions: false,
    edgesFieldOptions: { description: 'The items on this page, with their cursors.' },
    pageInfoFieldOptions: { description: 'Cursors and whether there is more.' },
    cursorFieldOptions: { description: 'Pass as `after` or `before` to page from this item.' },
    nodeFieldOptions: { description: 'The item.' },
    hasNextPageFieldOptions: { description: 'True when there are items after this page.' },
    hasPreviousPageFieldOptions: { description: 'True when there are items before this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item on this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item on this page.' },
    firstArgOptions: { description: 'Page size counting forwards, at most 100 (default 20).' },
    lastArgOptions: { description: 'Page size counting backwards, at most 100.' },
    afterArgOptions: { description: 'Start after the item with this cursor.' },
    beforeArgOptions: { description: 'End before the item with this cursor.' },
  },
});

builder.queryType({ description: 'Read what you are allowed to see.' });
builder.mutationType({ description: 'Change your account and your tokens.' });
