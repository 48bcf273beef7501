import { graphql } from '$lib/graphql';
import type { ServiceKeyFieldsFragment } from '$lib/graphql/graphql';

export const ServiceKeyFields = graphql(`
  fragment ServiceKeyFields on ServiceKey {
    id
    serviceId
    hint
    createdAt
    lastUsedAt
    revokedAt
  }
`);

export const AdminServicesQuery = graphql(`
  query AdminServices {
    adminServices {
      id
      name
      description
      acceptsKeys
      permissions {
        name
        description
        implies
      }
      keys {
        ...ServiceKeyFields
      }
    }
  }
`);

export const CreateServiceKeyMutation = graphql(`
  mutation CreateServiceKey($input: CreateServiceKeyInput!) {
    createServiceKey(input: $input) {
      __typename
      ... on CreateServiceKeySuccess {
        secret
        key {
          ...ServiceKeyFields
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const RevokeServiceKeyMutation = graphql(`
  mutation RevokeServiceKey($id: ID!) {
    revokeServiceKey(id: $id) {
      __typename
      ... on RevokeServiceKeySuccess {
        changed
        key {
          ...ServiceKeyFields
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** Asks urql to refetch the services list after a change: keys are not a normalised type it can update itself. */
export const SERVICE_KEY_CHANGES = { additionalTypenames: ['ServiceKey', 'AdministeredService'] };

type KeyDates = Pick<ServiceKeyFieldsFragment, 'revokedAt'>;

/** A key is live until it is revoked; there is no other state. */
export function serviceKeyStatus(key: KeyDates): 'ACTIVE' | 'REVOKED' {
  return key.revokedAt ? 'REVOKED' : 'ACTIVE';
}

/** Live keys first (newest first), then revoked ones (most recently revoked first). */
export function orderedKeys<Key extends Pick<ServiceKeyFieldsFragment, 'createdAt' | 'revokedAt'>>(keys: Key[]): Key[] {
  const live = keys.filter((key) => !key.revokedAt).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const revoked = keys
    .filter((key) => key.revokedAt)
    .sort((a, b) => (b.revokedAt ?? '').localeCompare(a.revokedAt ?? ''));
  return [...live, ...revoked];
}

/** What an answer of a mutation means for the person: null on success, else the sentence to show. */
export function serviceKeyRefusal(
  outcome: { __typename?: string; message?: string } | null | undefined,
  action: 'create' | 'revoke',
): string | null {
  if (outcome?.__typename === 'CreateServiceKeySuccess' || outcome?.__typename === 'RevokeServiceKeySuccess') {
    return null;
  }
  if (outcome?.__typename === 'ReauthenticationRequiredError') {
    return `${action === 'create' ? 'Creating' : 'Revoking'} a key needs your password: confirm it to continue.`;
  }
  return (
    outcome?.message ??
    `The key could not be ${action === 'create' ? 'created' : 'revoked'}. Check your connection and try again.`
  );
}
