import { error } from '@sveltejs/kit';
import { formatDocument } from '@urql/core';
import { callApi } from '$lib/server/api';
import { confirmationOf } from '../token-action-texts';
import { restoreTokenAction, revokeTokenAction } from '../token-actions.server';
import type { Actions, PageServerLoad } from './$types';
import { splitTokenDetailsPage, TokenDetailsPageQuery } from './token-details-page';

// With __typename on every object, as the browser's client would have received it.
const tokenDetailsPageDocument = formatDocument(TokenDetailsPageQuery);

export const load: PageServerLoad = async (event) => {
  const { id } = event.params;
  const result = await callApi(event, tokenDetailsPageDocument, { id });
  if (!result.data) error(503, 'Latchkey cannot reach its API right now. Try again in a moment.');
  return { ...splitTokenDetailsPage(id, result.data), confirm: confirmationOf(event.url.searchParams) };
};

export const actions: Actions = {
  revoke: revokeTokenAction,
  restore: (event) => restoreTokenAction(event, (id) => `/settings/tokens/${encodeURIComponent(id)}?confirm=restore`),
};
