/** The GraphQL documents the bench sends, and the few calls it makes outside timed runs. */

export const HELLO_QUERY = '{ hello }';
export const VIEWER_ID_QUERY = '{ viewer { id } }';
export const TOKEN_PAGE_QUERY = '{ viewer { tokens(first: 20) { edges { node { id name status expiresAt } } } } }';
export const GENERATE_TOKEN_MUTATION = `mutation GenerateToken($name: String!, $permissions: [String!]! = ["profile:read", "tokens:read", "tokens:write", "audit:read"]) {
  generateToken(input: { name: $name, expiration: YEAR_1, permissions: $permissions }) {
    __typename
    ... on GenerateTokenSuccess { secret token { id } }
    ... on Error { message }
  }
}`;
export const REVOKE_TOKEN_MUTATION = `mutation RevokeToken($id: ID!) {
  revokeToken(id: $id) { __typename ... on RevokeTokenSuccess { token { status } } ... on Error { message } }
}`;
const SIGN_UP_MUTATION = `mutation SignUp($email: String!, $password: String!) {
  signUp(input: { email: $email, password: $password }) { __typename ... on Error { message } }
}`;

export interface GraphQLResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field where they are used
  body: any;
  headers: Headers;
}

export function graphqlBody(query: string, variables?: Record<string, unknown>): string {
  return JSON.stringify(variables ? { query, variables } : { query });
}

export async function postGraphQL(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: graphqlBody(query, options.variables),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** Creates an account and returns its session cookie, ready to send back as a `Cookie` header. */
export async function signUp(url: string, email: string): Promise<string> {
  const response = await postGraphQL(url, SIGN_UP_MUTATION, {
    variables: { email, password: 'bench password, long enough' },
  });
  if (response.body?.data?.signUp?.__typename !== 'SignUpSuccess') {
    throw new Error(`signUp failed: ${JSON.stringify(response.body)}`);
  }
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('latchkey_session='));
  if (!cookie) throw new Error('signUp set no latchkey_session cookie');
  return cookie.split(';')[0] ?? cookie;
}

export interface GeneratedToken {
  id: string;
  secret: string;
}

/** Reads a generateToken response body; undefined unless it succeeded. */
export function generatedTokenIn(body: unknown): GeneratedToken | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: an untyped JSON response
  const result = (body as any)?.data?.generateToken;
  if (result?.__typename !== 'GenerateTokenSuccess') return undefined;
  return { id: result.token.id, secret: result.secret };
}

/** A token with Latchkey's own permissions, or with `permissions` (such as the example catalogue's `reports:read`). */
export async function generateToken(
  url: string,
  cookie: string,
  name: string,
  permissions?: readonly string[],
): Promise<GeneratedToken> {
  const response = await postGraphQL(url, GENERATE_TOKEN_MUTATION, {
    variables: permissions ? { name, permissions } : { name },
    headers: { cookie },
  });
  const token = generatedTokenIn(response.body);
  if (!token) throw new Error(`generateToken failed: ${JSON.stringify(response.body)}`);
  return token;
}

/** Generates `count` tokens through the API, a few at a time. */
export async function generateTokens(
  url: string,
  cookie: string,
  count: number,
  namePrefix: string,
  permissions?: readonly string[],
) {
  const tokens: GeneratedToken[] = [];
  const inParallel = 4;
  for (let start = 0; start < count; start += inParallel) {
    const batch = Array.from({ length: Math.min(inParallel, count - start) }, (_, offset) =>
      generateToken(url, cookie, `${namePrefix}-${start + offset}`, permissions),
    );
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}

export async function revokeToken(url: string, cookie: string, id: string): Promise<void> {
  const response = await postGraphQL(url, REVOKE_TOKEN_MUTATION, { variables: { id }, headers: { cookie } });
  if (response.body?.data?.revokeToken?.__typename !== 'RevokeTokenSuccess') {
    throw new Error(`revokeToken failed: ${JSON.stringify(response.body)}`);
  }
}

/** Sends one request of a scenario and fails loudly unless it answers with data and no errors. */
export async function expectData(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await postGraphQL(url, query, { headers });
  if (response.status !== 200 || response.body?.errors || !response.body?.data) {
    throw new Error(`${query} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  }
  return response.body.data;
}
