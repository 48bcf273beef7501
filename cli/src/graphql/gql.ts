/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PermissionCatalogue {\n    services {\n      id\n      name\n      description\n      permissions {\n        name\n        description\n        implies\n      }\n    }\n  }\n": typeof types.PermissionCatalogueDocument,
    "\n  mutation GenerateToken($input: GenerateTokenInput!) {\n    generateToken(input: $input) {\n      __typename\n      ... on GenerateTokenSuccess {\n        secret\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on ExpiryTooLateError {\n        latestExpiresAt\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.GenerateTokenDocument,
    "\n  query LifetimePolicy {\n    policies {\n      maxTokenLifetimeDays\n    }\n  }\n": typeof types.LifetimePolicyDocument,
    "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      __typename\n      ... on UpdateTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.UpdateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      __typename\n      ... on RevokeTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RevokeTokenDocument,
    "\n  mutation RestoreToken($id: ID!) {\n    restoreToken(id: $id) {\n      __typename\n      ... on RestoreTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RestoreTokenDocument,
    "\n  mutation DeleteToken($id: ID!) {\n    deleteToken(id: $id) {\n      __typename\n      ... on DeleteTokenSuccess {\n        deletedTokenId\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeleteTokenDocument,
    "\n  mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {\n    rotateToken(id: $id, overlap: $overlap) {\n      __typename\n      ... on RotateTokenSuccess {\n        secret\n        token {\n          ...TokenSummary\n          previousSecretValidUntil\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RotateTokenDocument,
    "\n  query TokenUsage($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on PersonalAccessToken {\n        refusedAddressCount\n        quota {\n          remaining\n          refillsAt\n        }\n      }\n    }\n  }\n": typeof types.TokenUsageDocument,
    "\n  query ViewerEmail {\n    viewer {\n      email\n    }\n  }\n": typeof types.ViewerEmailDocument,
    "\n  query CurrentToken {\n    viewer {\n      currentToken {\n        ...TokenSummary\n      }\n    }\n  }\n": typeof types.CurrentTokenDocument,
    "\n  query TokenById($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on PersonalAccessToken {\n        ...TokenSummary\n      }\n    }\n  }\n": typeof types.TokenByIdDocument,
    "\n  query TokensPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {\n    viewer {\n      tokens(first: $first, after: $after, status: $status, search: $search) {\n        totalCount\n        edges {\n          node {\n            ...TokenSummary\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.TokensPageDocument,
    "\n  fragment TokenSummary on PersonalAccessToken {\n    id\n    name\n    description\n    hint\n    permissions {\n      name\n      removed\n    }\n    status\n    createdAt\n    expiresAt\n    previousSecretValidUntil\n    lastUsedAt\n    allowedAddresses\n    rateLimit {\n      requests\n      windowSeconds\n    }\n    quota {\n      uses\n      refill\n    }\n  }\n": typeof types.TokenSummaryFragmentDoc,
};
const documents: Documents = {
    "\n  query PermissionCatalogue {\n    services {\n      id\n      name\n      description\n      permissions {\n        name\n        description\n        implies\n      }\n    }\n  }\n": types.PermissionCatalogueDocument,
    "\n  mutation GenerateToken($input: GenerateTokenInput!) {\n    generateToken(input: $input) {\n      __typename\n      ... on GenerateTokenSuccess {\n        secret\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on ExpiryTooLateError {\n        latestExpiresAt\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.GenerateTokenDocument,
    "\n  query LifetimePolicy {\n    policies {\n      maxTokenLifetimeDays\n    }\n  }\n": types.LifetimePolicyDocument,
    "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      __typename\n      ... on UpdateTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.UpdateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      __typename\n      ... on RevokeTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RevokeTokenDocument,
    "\n  mutation RestoreToken($id: ID!) {\n    restoreToken(id: $id) {\n      __typename\n      ... on RestoreTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RestoreTokenDocument,
    "\n  mutation DeleteToken($id: ID!) {\n    deleteToken(id: $id) {\n      __typename\n      ... on DeleteTokenSuccess {\n        deletedTokenId\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeleteTokenDocument,
    "\n  mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {\n    rotateToken(id: $id, overlap: $overlap) {\n      __typename\n      ... on RotateTokenSuccess {\n        secret\n        token {\n          ...TokenSummary\n          previousSecretValidUntil\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RotateTokenDocument,
    "\n  query TokenUsage($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on PersonalAccessToken {\n        refusedAddressCount\n        quota {\n          remaining\n          refillsAt\n        }\n      }\n    }\n  }\n": types.TokenUsageDocument,
    "\n  query ViewerEmail {\n    viewer {\n      email\n    }\n  }\n": types.ViewerEmailDocument,
    "\n  query CurrentToken {\n    viewer {\n      currentToken {\n        ...TokenSummary\n      }\n    }\n  }\n": types.CurrentTokenDocument,
    "\n  query TokenById($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on PersonalAccessToken {\n        ...TokenSummary\n      }\n    }\n  }\n": types.TokenByIdDocument,
    "\n  query TokensPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {\n    viewer {\n      tokens(first: $first, after: $after, status: $status, search: $search) {\n        totalCount\n        edges {\n          node {\n            ...TokenSummary\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.TokensPageDocument,
    "\n  fragment TokenSummary on PersonalAccessToken {\n    id\n    name\n    description\n    hint\n    permissions {\n      name\n      removed\n    }\n    status\n    createdAt\n    expiresAt\n    previousSecretValidUntil\n    lastUsedAt\n    allowedAddresses\n    rateLimit {\n      requests\n      windowSeconds\n    }\n    quota {\n      uses\n      refill\n    }\n  }\n": types.TokenSummaryFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PermissionCatalogue {\n    services {\n      id\n      name\n      description\n      permissions {\n        name\n        description\n        implies\n      }\n    }\n  }\n"): (typeof documents)["\n  query PermissionCatalogue {\n    services {\n      id\n      name\n      description\n      permissions {\n        name\n        description\n        implies\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateToken($input: GenerateTokenInput!) {\n    generateToken(input: $input) {\n      __typename\n      ... on GenerateTokenSuccess {\n        secret\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on ExpiryTooLateError {\n        latestExpiresAt\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation GenerateToken($input: GenerateTokenInput!) {\n    generateToken(input: $input) {\n      __typename\n      ... on GenerateTokenSuccess {\n        secret\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on ExpiryTooLateError {\n        latestExpiresAt\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifetimePolicy {\n    policies {\n      maxTokenLifetimeDays\n    }\n  }\n"): (typeof documents)["\n  query LifetimePolicy {\n    policies {\n      maxTokenLifetimeDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      __typename\n      ... on UpdateTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      __typename\n      ... on UpdateTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      __typename\n      ... on RevokeTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      __typename\n      ... on RevokeTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreToken($id: ID!) {\n    restoreToken(id: $id) {\n      __typename\n      ... on RestoreTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreToken($id: ID!) {\n    restoreToken(id: $id) {\n      __typename\n      ... on RestoreTokenSuccess {\n        token {\n          ...TokenSummary\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteToken($id: ID!) {\n    deleteToken(id: $id) {\n      __typename\n      ... on DeleteTokenSuccess {\n        deletedTokenId\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteToken($id: ID!) {\n    deleteToken(id: $id) {\n      __typename\n      ... on DeleteTokenSuccess {\n        deletedTokenId\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {\n    rotateToken(id: $id, overlap: $overlap) {\n      __typename\n      ... on RotateTokenSuccess {\n        secret\n        token {\n          ...TokenSummary\n          previousSecretValidUntil\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {\n    rotateToken(id: $id, overlap: $overlap) {\n      __typename\n      ... on RotateTokenSuccess {\n        secret\n        token {\n          ...TokenSummary\n          previousSecretValidUntil\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenUsage($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on PersonalAccessToken {\n        refusedAddressCount\n        quota {\n          remaining\n          refillsAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TokenUsage($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on PersonalAccessToken {\n        refusedAddressCount\n        quota {\n          remaining\n          refillsAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ViewerEmail {\n    viewer {\n      email\n    }\n  }\n"): (typeof documents)["\n  query ViewerEmail {\n    viewer {\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentToken {\n    viewer {\n      currentToken {\n        ...TokenSummary\n      }\n    }\n  }\n"): (typeof documents)["\n  query CurrentToken {\n    viewer {\n      currentToken {\n        ...TokenSummary\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenById($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on PersonalAccessToken {\n        ...TokenSummary\n      }\n    }\n  }\n"): (typeof documents)["\n  query TokenById($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on PersonalAccessToken {\n        ...TokenSummary\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokensPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {\n    viewer {\n      tokens(first: $first, after: $after, status: $status, search: $search) {\n        totalCount\n        edges {\n          node {\n            ...TokenSummary\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TokensPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {\n    viewer {\n      tokens(first: $first, after: $after, status: $status, search: $search) {\n        totalCount\n        edges {\n          node {\n            ...TokenSummary\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TokenSummary on PersonalAccessToken {\n    id\n    name\n    description\n    hint\n    permissions {\n      name\n      removed\n    }\n    status\n    createdAt\n    expiresAt\n    previousSecretValidUntil\n    lastUsedAt\n    allowedAddresses\n    rateLimit {\n      requests\n      windowSeconds\n    }\n    quota {\n      uses\n      refill\n    }\n  }\n"): (typeof documents)["\n  fragment TokenSummary on PersonalAccessToken {\n    id\n    name\n    description\n    hint\n    permissions {\n      name\n      removed\n    }\n    status\n    createdAt\n    expiresAt\n    previousSecretValidUntil\n    lastUsedAt\n    allowedAddresses\n    rateLimit {\n      requests\n      windowSeconds\n    }\n    quota {\n      uses\n      refill\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;