import { createRequest } from '@urql/core';
import { describe, expect, it } from 'vitest';
import type { TokensPageQuery } from '$lib/graphql/graphql';
import { PermissionCatalogueQuery } from './permission-catalogue';
import { TokenListPageQuery } from './TokenListPage.svelte';
import { confirmationOf } from './token-action-texts';
import { TokenAllowanceQuery } from './token-allowance';
import { splitTokensPage, tokensPageServerResults } from './tokens-page-data';

const services = [{ __typename: 'Service', id: 'latchkey', name: 'Latchkey', description: 'Tokens', permissions: [] }];
const policies = { __typename: 'Policies', maxTokenLifetimeDays: 90 };
const tokens = {
  __typename: 'TokenConnection',
  totalCount: 1,
  pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' },
  edges: [{ __typename: 'TokenEdge', node: { __typename: 'PersonalAccessToken', id: 't1', name: 'deploy' } }],
};
const loaded = {
  viewer: {
    __typename: 'User',
    id: 'u1',
    tokenLimit: 100,
    allTokens: { __typename: 'TokenConnection', totalCount: 28 },
    tokens,
  },
  policies,
  services,
} as unknown as TokensPageQuery;

describe('the tokens page loaded in one request', () => {
  it('splits into the answers of the list, the allowance and the catalogue queries', () => {
    const split = splitTokensPage({ status: 'REVOKED', search: '' }, loaded);
    expect(split.firstPage).toEqual({ viewer: { __typename: 'User', id: 'u1', tokens } });
    expect(split.allowance).toEqual({
      viewer: {
        __typename: 'User',
        id: 'u1',
        tokenLimit: 100,
        allTokens: { __typename: 'TokenConnection', totalCount: 28 },
      },
    });
    expect(split.catalogue).toEqual({ policies, services });
  });

  it('keys each answer as the browser asks for it, the list with the filters it was loaded for', () => {
    const results = tokensPageServerResults(splitTokensPage({ status: 'REVOKED', search: 'dep' }, loaded));
    const asked = [
      createRequest(TokenListPageQuery, { first: 20, after: null, status: 'REVOKED', search: 'dep' }),
      createRequest(TokenAllowanceQuery, {}),
      createRequest(PermissionCatalogueQuery, {}),
    ];
    expect(Object.keys(results).sort()).toEqual(asked.map((request) => String(request.key)).sort());
    expect(JSON.parse(results[asked[2]?.key ?? 0]?.data ?? 'null')).toEqual({ policies, services });
  });

  it('keys each page loaded after the first (Load more without JavaScript) by its cursor', () => {
    const nextPage = { viewer: { __typename: 'User', id: 'u1', tokens } } as never;
    const results = tokensPageServerResults(
      splitTokensPage({ status: null, search: '' }, loaded, [{ after: 'c20', result: nextPage }]),
    );
    const second = createRequest(TokenListPageQuery, { first: 20, after: 'c20', status: null, search: null });
    expect(JSON.parse(results[second.key]?.data ?? 'null')).toEqual(nextPage);
    expect(Object.keys(results)).toHaveLength(4);
  });

  it('leaves every part empty for a visitor the API does not know', () => {
    const split = splitTokensPage({ status: null, search: '' }, { viewer: null, policies, services: [] });
    expect([split.firstPage, split.allowance]).toEqual([{ viewer: null }, { viewer: null }]);
  });
});

describe('the confirmation asked as a page', () => {
  it('knows revoke, restore and delete, and nothing else', () => {
    expect(
      ['revoke', 'restore', 'delete', 'rotate', null].map((action) => {
        const query = new URLSearchParams(action ? { confirm: action } : {});
        return confirmationOf(query);
      }),
    ).toEqual(['revoke', 'restore', 'delete', null, null]);
  });
});
