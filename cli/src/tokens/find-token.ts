import { tokenNameKey } from '@latchkey/rules';
import type { LatchkeyApi } from '../api.js';
import { RefusedError } from '../failures.js';
import { graphql } from '../graphql/gql.js';
import { eachTokenPage } from './token-pages.js';
import { type TokenSummary, toTokenSummary } from './token-summary.js';

const TokenByIdQuery = graphql(`
  query TokenById($id: ID!) {
    node(id: $id) {
      __typename
      ... on PersonalAccessToken {
        ...TokenSummary
      }
    }
  }
`);

const TOKEN_ID_PREFIX = 'PersonalAccessToken:';

/** Token ids are the API's global ids: base64 of `PersonalAccessToken:<id>`. */
export function isTokenId(reference: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(reference)) return false;
  return Buffer.from(reference, 'base64').toString('utf8').startsWith(TOKEN_ID_PREFIX);
}

async function findTokenById(api: LatchkeyApi, id: string): Promise<TokenSummary> {
  const { node } = await api.request(TokenByIdQuery, { id });
  if (node?.__typename !== 'PersonalAccessToken') throw new RefusedError(`no token with id ${id}`);
  return toTokenSummary(node);
}

/** Names are unique by their key (case and look-alike forms aside), as on the server; `search` narrows the pages. */
async function findTokenByName(api: LatchkeyApi, name: string): Promise<TokenSummary> {
  const wanted = tokenNameKey(name);
  for await (const page of eachTokenPage(api, { search: name })) {
    const match = page.tokens.find((token) => tokenNameKey(token.name) === wanted);
    if (match) return match;
  }
  throw new RefusedError(`no token named "${name}"`);
}

/** An argument that reads as a token id is one; anything else is a name, matched exactly but ignoring case. */
export function findToken(api: LatchkeyApi, idOrName: string): Promise<TokenSummary> {
  return isTokenId(idOrName) ? findTokenById(api, idOrName) : findTokenByName(api, idOrName);
}
