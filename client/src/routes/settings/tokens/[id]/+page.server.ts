import { error } from '@sveltejs/kit';
import { formatDocument } from '@urql/core';
import { callApi } from '$lib/server/api';
import { confirmationOf } from '../token-action-texts';
import { restoreTokenAction, revokeTokenAction, rotateTokenAction, updateTokenAction } from '../token-actions.server';
import type { Actions, PageServerLoad } from './$types';
import { splitTokenDetailsPage, TokenDetailsPageQuery } from './token-details-page';

// With __typename on every object, as the browser's client would have received it.
const tokenDetailsPageDocument = formatDocument(TokenDetailsPageQuery);

export const load: PageServerLoad = async (event) => {
  const { id } = event.params;
  const query = event.url.searchParams;
  const result = await callApi(event, tokenDetailsPageDocument, { id });
  if (!result.data) error(503, 'Latchkey cannot reach its API right now. Try again in a moment.');
  return {
    ...splitTokenDetailsPage(id, result.data),
    confirm: confirmationOf(query),
    // `?confirm=rotate` and `?edit`: the Rotate question and the edit form as part of the page, without JavaScript.
    rotate: query.get('confirm') === 'rotate',
    edit: query.has('edit'),
  };
};

export const actions: Actions = {
  revoke: revokeTokenAction,
  restore: (event) => restoreTokenAction(event, (id) => `/settings/tokens/${encodeURIComponent(id)}?confirm=restore`),
  rotate: rotateTokenAction,
  update: (event) => updateTokenAction(event, event.params.id),
};
