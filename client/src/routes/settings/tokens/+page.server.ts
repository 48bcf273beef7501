import { error, redirect } from '@sveltejs/kit';
import { formatDocument } from '@urql/core';
import { graphql } from '$lib/graphql';
import { callApi } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { TOKENS_PER_PAGE, TokenListPageQuery } from './TokenListPage.svelte';
import { confirmationOf } from './token-action-texts';
import { deleteTokenAction, restoreTokenAction, revokeTokenAction } from './token-actions.server';
import { filtersFromQuery } from './token-filters.svelte';
import { type LoadedPage, pageVariables, splitTokensPage, TokensPageQuery } from './tokens-page-data';

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
const tokenListPageDocument = formatDocument(TokenListPageQuery);

/** More than an account can hold (its token limit is at most a few pages): a longer URL is not a person's. */
const MAX_PAGES_AFTER_FIRST = 20;

export const load: PageServerLoad = async (event) => {
  const { url, untrack } = event;
  // Untracked: with JavaScript the list follows its filters through urql, without running this load again.
  const filters = untrack(() => filtersFromQuery(url.searchParams));
  // `?after=<cursor>` once per page shown after the first: the Load more button's GET without JavaScript.
  const afters = untrack(() => url.searchParams.getAll('after')).slice(0, MAX_PAGES_AFTER_FIRST);
  const confirm = confirmationOf(url.searchParams);
  const confirmId = url.searchParams.get('token');
  // A row's Rotate without JavaScript: the question is asked on the token's page, which shows the new secret.
  if (url.searchParams.get('confirm') === 'rotate' && confirmId) {
    redirect(303, `/settings/tokens/${encodeURIComponent(confirmId)}?confirm=rotate`);
  }
  const [tokens, confirming, ...more] = await Promise.all([
    callApi(event, tokensPageDocument, {
      first: TOKENS_PER_PAGE,
      status: filters.status,
      search: filters.search || null,
    }),
    confirm && confirmId ? callApi(event, TokenToConfirmQuery, { id: confirmId }) : null,
    ...afters.map((after) => callApi(event, tokenListPageDocument, pageVariables(filters, after))),
  ]);
  if (!tokens.data) error(503, 'Latchkey cannot reach its API right now. Try again in a moment.');
  const node = confirming?.data?.node;
  // Up to the first cursor the API refused (one from another list or a mangled URL): the pages before it stand.
  const morePages: LoadedPage[] = [];
  for (const [index, page] of more.entries()) {
    const after = afters[index];
    if (!page?.data?.viewer?.tokens || after === undefined) break;
    morePages.push({ after, result: page.data });
  }
  return {
    ...splitTokensPage(filters, tokens.data, morePages),
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
