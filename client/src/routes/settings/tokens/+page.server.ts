import { error } from '@sveltejs/kit';
import { formatDocument } from '@urql/core';
import { graphql } from '$lib/graphql';
import { callApi } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { TOKENS_PER_PAGE } from './TokenListPage.svelte';
import { confirmationOf } from './token-action-texts';
import { deleteTokenAction, restoreTokenAction, revokeTokenAction } from './token-actions.server';
import { filtersFromQuery } from './token-filters.svelte';
import { splitTokensPage, TokensPageQuery } from './tokens-page-data';

const TokenToConfirmQuery = graphql(`
  query TokenToConfirm($id: ID!) {
    node(id: $id) {
      __typename
      ... on PersonalAccessToken {
        id
        name
        expiresAt
      }
    }
  }
`);

/** The same question the row's dialog asks, as a page: what a browser without JavaScript gets from the row. */
const confirmationPath = (action: string, id: string) =>
  `/settings/tokens?${new URLSearchParams({ confirm: action, token: id })}`;

// With __typename on every object, as the browser's client would have received it.
const tokensPageDocument = formatDocument(TokensPageQuery);

export const load: PageServerLoad = async (event) => {
  const { url, untrack } = event;
  // Untracked: with JavaScript the list follows its filters through urql, without running this load again.
  const filters = untrack(() => filtersFromQuery(url.searchParams));
  const confirm = confirmationOf(url.searchParams);
  const confirmId = url.searchParams.get('token');
  const [tokens, confirming] = await Promise.all([
    callApi(event, tokensPageDocument, {
      first: TOKENS_PER_PAGE,
      status: filters.status,
      search: filters.search || null,
    }),
    confirm && confirmId ? callApi(event, TokenToConfirmQuery, { id: confirmId }) : null,
  ]);
  if (!tokens.data) error(503, 'Latchkey cannot reach its API right now. Try again in a moment.');
  const node = confirming?.data?.node;
  return {
    ...splitTokensPage(filters, tokens.data),
    confirmation: confirm && {
      action: confirm,
      token: node?.__typename === 'PersonalAccessToken' ? node : null,
    },
  };
};

export const actions: Actions = {
  revoke: revokeTokenAction,
  restore: (event) => restoreTokenAction(event, (id) => confirmationPath('restore', id)),
  delete: deleteTokenAction,
};
