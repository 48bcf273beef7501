import type { Client } from '@urql/core';
import { graphql, useFragment } from '$lib/graphql';
import type { AuditEventFieldsFragment } from '$lib/graphql/graphql';
import type { AuditFilters } from './audit-filters';

export type AuditEvent = AuditEventFieldsFragment;

/** The most the API returns a page. */
export const LARGEST_PAGE = 100;

const AuditEventFields = graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    action
    actorType
    actorId
    tokenId
    tokenName
    changes {
      field
      before
      after
    }
    rotationOverlap
    refusedCount
    administratorEmail
    subjectEmail
    message
    count
    serviceId
    serviceKeyHint
    ip
    userAgent
    createdAt
  }
`);

const AuditLogPageQuery = graphql(`
  query AuditLogPage($first: Int!, $after: String, $tokenId: ID, $action: [AuditAction!]) {
    viewer {
      id
      auditEvents(first: $first, after: $after, tokenId: $tokenId, action: $action) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...AuditEventFields
          }
        }
      }
    }
  }
`);

const AuditLogTokensQuery = graphql(`
  query AuditLogTokens($after: String) {
    viewer {
      id
      tokens(first: 100, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            name
          }
        }
      }
    }
  }
`);

/** The session ended: the API answered, with no viewer. */
export class SignedOutError extends Error {}

export interface AuditPage {
  events: AuditEvent[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Reads one page of the account's audit log, newest first, narrowed by the filters; throws when it cannot. */
export type FetchAuditPage = (filters: AuditFilters, after: string | null, first: number) => Promise<AuditPage>;

export function auditPageFetcher(client: Client): FetchAuditPage {
  return async (filters, after, first) => {
    const result = await client
      .query(
        AuditLogPageQuery,
        { first, after, tokenId: filters.tokenId, action: filters.action ? [filters.action] : null },
        // The log grows on its own (sign-ins, other sessions, tokens at work): always ask the API.
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    if (result.error) throw result.error;
    const connection = result.data?.viewer?.auditEvents;
    if (!connection) throw new SignedOutError();
    return {
      events: connection.edges.map((edge) => useFragment(AuditEventFields, edge.node)),
      hasNextPage: connection.pageInfo.hasNextPage,
      endCursor: connection.pageInfo.endCursor ?? null,
    };
  };
}

/** Every event the filters match, newest first, page by page, stopping at `limit`. */
export async function fetchAllAuditEvents(
  fetchPage: FetchAuditPage,
  filters: AuditFilters,
  limit: number,
): Promise<{ events: AuditEvent[]; truncated: boolean }> {
  const events: AuditEvent[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(filters, after, Math.min(LARGEST_PAGE, limit - events.length));
    events.push(...page.events);
    if (!page.hasNextPage || !page.endCursor) return { events, truncated: false };
    if (events.length >= limit) return { events, truncated: true };
    after = page.endCursor;
  }
}

async function fetchTokenPage(client: Client, after: string | null) {
  const result = await client.query(AuditLogTokensQuery, { after }, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) throw result.error;
  const connection = result.data?.viewer?.tokens;
  if (!connection) throw new SignedOutError();
  return connection;
}

/** The names of all the account's tokens by global id, newest first: for the token filter and for actors. */
export async function fetchTokenNames(client: Client): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const page = await fetchTokenPage(client, after);
    for (const edge of page.edges) names.set(edge.node.id, edge.node.name);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return names;
    after = page.pageInfo.endCursor;
  }
}
