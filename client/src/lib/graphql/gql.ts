/* eslint-disable */
import * as types from './graphql';
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
    "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ReauthenticateDocument,
    "\n    mutation SignIn($input: SignInInput!) {\n      signIn(input: $input) {\n        __typename\n        ... on SignInSuccess {\n          user {\n            id\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": typeof types.SignInDocument,
    "\n    mutation SignUp($input: SignUpInput!) {\n      signUp(input: $input) {\n        __typename\n        ... on SignUpSuccess {\n          user {\n            id\n          }\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": typeof types.SignUpDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n    }\n  }\n": typeof types.ViewerDocument,
    "\n    mutation SignOut {\n      signOut\n    }\n  ": typeof types.SignOutDocument,
    "\n    mutation ChangePassword($input: ChangePasswordInput!) {\n      changePassword(input: $input) {\n        __typename\n        ... on ChangePasswordSuccess {\n          signedOutSessionCount\n          revokedTokenCount\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on RateLimitedError {\n          retryAfterSeconds\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": typeof types.ChangePasswordDocument,
    "\n    mutation DeleteToken($id: ID!) {\n      deleteToken(id: $id) {\n        __typename\n        ... on DeleteTokenSuccess {\n          deletedTokenId\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": typeof types.DeleteTokenDocument,
    "\n    mutation GenerateToken($input: GenerateTokenInput!) {\n      generateToken(input: $input) {\n        __typename\n        ... on GenerateTokenSuccess {\n          secret\n          token {\n            id\n            name\n          }\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": typeof types.GenerateTokenDocument,
    "\n    mutation RevokeToken($id: ID!) {\n      revokeToken(id: $id) {\n        __typename\n        ... on RevokeTokenSuccess {\n          token {\n            id\n            status\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": typeof types.RevokeTokenDocument,
    "\n    mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {\n      rotateToken(id: $id, overlap: $overlap) {\n        __typename\n        ... on RotateTokenSuccess {\n          secret\n          token {\n            id\n            hint\n            expiresAt\n            previousSecretValidUntil\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": typeof types.RotateTokenDocument,
    "\n    query TokenListPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {\n      viewer {\n        id\n        tokens(first: $first, after: $after, status: $status, search: $search) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              id\n              ...TokenRowFields\n            }\n          }\n        }\n      }\n    }\n  ": typeof types.TokenListPageDocument,
    "\n    fragment TokenRowFields on PersonalAccessToken {\n      id\n      name\n      description\n      hint\n      permissions {\n        name\n        removed\n      }\n      status\n      createdAt\n      expiresAt\n      revokedAt\n      revocationReason\n      lastUsedAt\n      lastUsedIp\n      previousSecretValidUntil\n    }\n  ": typeof types.TokenRowFieldsFragmentDoc,
    "\n    query TokenDetails($id: ID!) {\n      node(id: $id) {\n        __typename\n        ... on PersonalAccessToken {\n          ...TokenDetailsFields\n          ...TokenRowFields\n        }\n      }\n    }\n  ": typeof types.TokenDetailsDocument,
    "\n    fragment TokenDetailsFields on PersonalAccessToken {\n      id\n      name\n      description\n      hint\n      permissions {\n        name\n        removed\n      }\n      status\n      createdAt\n      expiresAt\n      revokedAt\n      revocationReason\n      rotatedAt\n      previousSecretValidUntil\n      lastUsedAt\n      lastUsedIp\n      lastUsedService\n    }\n  ": typeof types.TokenDetailsFieldsFragmentDoc,
    "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      __typename\n      ... on UpdateTokenSuccess {\n        token {\n          ...TokenDetailsFields\n        }\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.UpdateTokenDocument,
    "\n  query PermissionCatalogue {\n    services {\n      id\n      name\n      description\n      permissions {\n        name\n        description\n        implies\n      }\n    }\n  }\n": typeof types.PermissionCatalogueDocument,
    "\n  mutation RestoreToken($id: ID!) {\n    restoreToken(id: $id) {\n      __typename\n      ... on RestoreTokenSuccess {\n        token {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RestoreTokenDocument,
};
const documents: Documents = {
    "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ReauthenticateDocument,
    "\n    mutation SignIn($input: SignInInput!) {\n      signIn(input: $input) {\n        __typename\n        ... on SignInSuccess {\n          user {\n            id\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": types.SignInDocument,
    "\n    mutation SignUp($input: SignUpInput!) {\n      signUp(input: $input) {\n        __typename\n        ... on SignUpSuccess {\n          user {\n            id\n          }\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": types.SignUpDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n    }\n  }\n": types.ViewerDocument,
    "\n    mutation SignOut {\n      signOut\n    }\n  ": types.SignOutDocument,
    "\n    mutation ChangePassword($input: ChangePasswordInput!) {\n      changePassword(input: $input) {\n        __typename\n        ... on ChangePasswordSuccess {\n          signedOutSessionCount\n          revokedTokenCount\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on RateLimitedError {\n          retryAfterSeconds\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": types.ChangePasswordDocument,
    "\n    mutation DeleteToken($id: ID!) {\n      deleteToken(id: $id) {\n        __typename\n        ... on DeleteTokenSuccess {\n          deletedTokenId\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": types.DeleteTokenDocument,
    "\n    mutation GenerateToken($input: GenerateTokenInput!) {\n      generateToken(input: $input) {\n        __typename\n        ... on GenerateTokenSuccess {\n          secret\n          token {\n            id\n            name\n          }\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": types.GenerateTokenDocument,
    "\n    mutation RevokeToken($id: ID!) {\n      revokeToken(id: $id) {\n        __typename\n        ... on RevokeTokenSuccess {\n          token {\n            id\n            status\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": types.RevokeTokenDocument,
    "\n    mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {\n      rotateToken(id: $id, overlap: $overlap) {\n        __typename\n        ... on RotateTokenSuccess {\n          secret\n          token {\n            id\n            hint\n            expiresAt\n            previousSecretValidUntil\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  ": types.RotateTokenDocument,
    "\n    query TokenListPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {\n      viewer {\n        id\n        tokens(first: $first, after: $after, status: $status, search: $search) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              id\n              ...TokenRowFields\n            }\n          }\n        }\n      }\n    }\n  ": types.TokenListPageDocument,
    "\n    fragment TokenRowFields on PersonalAccessToken {\n      id\n      name\n      description\n      hint\n      permissions {\n        name\n        removed\n      }\n      status\n      createdAt\n      expiresAt\n      revokedAt\n      revocationReason\n      lastUsedAt\n      lastUsedIp\n      previousSecretValidUntil\n    }\n  ": types.TokenRowFieldsFragmentDoc,
    "\n    query TokenDetails($id: ID!) {\n      node(id: $id) {\n        __typename\n        ... on PersonalAccessToken {\n          ...TokenDetailsFields\n          ...TokenRowFields\n        }\n      }\n    }\n  ": types.TokenDetailsDocument,
    "\n    fragment TokenDetailsFields on PersonalAccessToken {\n      id\n      name\n      description\n      hint\n      permissions {\n        name\n        removed\n      }\n      status\n      createdAt\n      expiresAt\n      revokedAt\n      revocationReason\n      rotatedAt\n      previousSecretValidUntil\n      lastUsedAt\n      lastUsedIp\n      lastUsedService\n    }\n  ": types.TokenDetailsFieldsFragmentDoc,
    "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      __typename\n      ... on UpdateTokenSuccess {\n        token {\n          ...TokenDetailsFields\n        }\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.UpdateTokenDocument,
    "\n  query PermissionCatalogue {\n    services {\n      id\n      name\n      description\n      permissions {\n        name\n        description\n        implies\n      }\n    }\n  }\n": types.PermissionCatalogueDocument,
    "\n  mutation RestoreToken($id: ID!) {\n    restoreToken(id: $id) {\n      __typename\n      ... on RestoreTokenSuccess {\n        token {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RestoreTokenDocument,
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
export function graphql(source: "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation SignIn($input: SignInInput!) {\n      signIn(input: $input) {\n        __typename\n        ... on SignInSuccess {\n          user {\n            id\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "): (typeof documents)["\n    mutation SignIn($input: SignInInput!) {\n      signIn(input: $input) {\n        __typename\n        ... on SignInSuccess {\n          user {\n            id\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation SignUp($input: SignUpInput!) {\n      signUp(input: $input) {\n        __typename\n        ... on SignUpSuccess {\n          user {\n            id\n          }\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "): (typeof documents)["\n    mutation SignUp($input: SignUpInput!) {\n      signUp(input: $input) {\n        __typename\n        ... on SignUpSuccess {\n          user {\n            id\n          }\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation SignOut {\n      signOut\n    }\n  "): (typeof documents)["\n    mutation SignOut {\n      signOut\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ChangePassword($input: ChangePasswordInput!) {\n      changePassword(input: $input) {\n        __typename\n        ... on ChangePasswordSuccess {\n          signedOutSessionCount\n          revokedTokenCount\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on RateLimitedError {\n          retryAfterSeconds\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "): (typeof documents)["\n    mutation ChangePassword($input: ChangePasswordInput!) {\n      changePassword(input: $input) {\n        __typename\n        ... on ChangePasswordSuccess {\n          signedOutSessionCount\n          revokedTokenCount\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on RateLimitedError {\n          retryAfterSeconds\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation DeleteToken($id: ID!) {\n      deleteToken(id: $id) {\n        __typename\n        ... on DeleteTokenSuccess {\n          deletedTokenId\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "): (typeof documents)["\n    mutation DeleteToken($id: ID!) {\n      deleteToken(id: $id) {\n        __typename\n        ... on DeleteTokenSuccess {\n          deletedTokenId\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation GenerateToken($input: GenerateTokenInput!) {\n      generateToken(input: $input) {\n        __typename\n        ... on GenerateTokenSuccess {\n          secret\n          token {\n            id\n            name\n          }\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "): (typeof documents)["\n    mutation GenerateToken($input: GenerateTokenInput!) {\n      generateToken(input: $input) {\n        __typename\n        ... on GenerateTokenSuccess {\n          secret\n          token {\n            id\n            name\n          }\n        }\n        ... on ValidationError {\n          fieldErrors {\n            path\n            message\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation RevokeToken($id: ID!) {\n      revokeToken(id: $id) {\n        __typename\n        ... on RevokeTokenSuccess {\n          token {\n            id\n            status\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "): (typeof documents)["\n    mutation RevokeToken($id: ID!) {\n      revokeToken(id: $id) {\n        __typename\n        ... on RevokeTokenSuccess {\n          token {\n            id\n            status\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {\n      rotateToken(id: $id, overlap: $overlap) {\n        __typename\n        ... on RotateTokenSuccess {\n          secret\n          token {\n            id\n            hint\n            expiresAt\n            previousSecretValidUntil\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "): (typeof documents)["\n    mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {\n      rotateToken(id: $id, overlap: $overlap) {\n        __typename\n        ... on RotateTokenSuccess {\n          secret\n          token {\n            id\n            hint\n            expiresAt\n            previousSecretValidUntil\n          }\n        }\n        ... on Error {\n          message\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query TokenListPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {\n      viewer {\n        id\n        tokens(first: $first, after: $after, status: $status, search: $search) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              id\n              ...TokenRowFields\n            }\n          }\n        }\n      }\n    }\n  "): (typeof documents)["\n    query TokenListPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {\n      viewer {\n        id\n        tokens(first: $first, after: $after, status: $status, search: $search) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              id\n              ...TokenRowFields\n            }\n          }\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    fragment TokenRowFields on PersonalAccessToken {\n      id\n      name\n      description\n      hint\n      permissions {\n        name\n        removed\n      }\n      status\n      createdAt\n      expiresAt\n      revokedAt\n      revocationReason\n      lastUsedAt\n      lastUsedIp\n      previousSecretValidUntil\n    }\n  "): (typeof documents)["\n    fragment TokenRowFields on PersonalAccessToken {\n      id\n      name\n      description\n      hint\n      permissions {\n        name\n        removed\n      }\n      status\n      createdAt\n      expiresAt\n      revokedAt\n      revocationReason\n      lastUsedAt\n      lastUsedIp\n      previousSecretValidUntil\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query TokenDetails($id: ID!) {\n      node(id: $id) {\n        __typename\n        ... on PersonalAccessToken {\n          ...TokenDetailsFields\n          ...TokenRowFields\n        }\n      }\n    }\n  "): (typeof documents)["\n    query TokenDetails($id: ID!) {\n      node(id: $id) {\n        __typename\n        ... on PersonalAccessToken {\n          ...TokenDetailsFields\n          ...TokenRowFields\n        }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    fragment TokenDetailsFields on PersonalAccessToken {\n      id\n      name\n      description\n      hint\n      permissions {\n        name\n        removed\n      }\n      status\n      createdAt\n      expiresAt\n      revokedAt\n      revocationReason\n      rotatedAt\n      previousSecretValidUntil\n      lastUsedAt\n      lastUsedIp\n      lastUsedService\n    }\n  "): (typeof documents)["\n    fragment TokenDetailsFields on PersonalAccessToken {\n      id\n      name\n      description\n      hint\n      permissions {\n        name\n        removed\n      }\n      status\n      createdAt\n      expiresAt\n      revokedAt\n      revocationReason\n      rotatedAt\n      previousSecretValidUntil\n      lastUsedAt\n      lastUsedIp\n      lastUsedService\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      __typename\n      ... on UpdateTokenSuccess {\n        token {\n          ...TokenDetailsFields\n        }\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      __typename\n      ... on UpdateTokenSuccess {\n        token {\n          ...TokenDetailsFields\n        }\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PermissionCatalogue {\n    services {\n      id\n      name\n      description\n      permissions {\n        name\n        description\n        implies\n      }\n    }\n  }\n"): (typeof documents)["\n  query PermissionCatalogue {\n    services {\n      id\n      name\n      description\n      permissions {\n        name\n        description\n        implies\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreToken($id: ID!) {\n    restoreToken(id: $id) {\n      __typename\n      ... on RestoreTokenSuccess {\n        token {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreToken($id: ID!) {\n    restoreToken(id: $id) {\n      __typename\n      ... on RestoreTokenSuccess {\n        token {\n          id\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;