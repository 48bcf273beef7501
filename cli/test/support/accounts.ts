import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { rememberSecret } from './secrets.js';

/** Every permission of the test server's catalogue (catalogue.json), Latchkey's own first. */
export const ALL_PERMISSIONS = [
  'profile:read',
  'tokens:read',
  'tokens:write',
  'audit:read',
  'reports:read',
  'reports:write',
  'metrics:read',
];

export interface IssuedToken {
  id: string;
  name: string;
  secret: string;
}

interface GenerateTokenResult {
  __typename: string;
  message?: string;
  secret?: string;
  token?: { id: string };
}

async function sendGraphQL<Data>(url: string, query: string, variables: object, cookie?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return { response, data: body.data };
}

/**
 * A fresh account, signed in through its session cookie the way the UI is: the only way to get a
 * first token. Tokens it issues are remembered as secrets no command may print.
 */
export class TestAccount {
  private constructor(
    readonly email: string,
    private readonly sessionCookie: string,
    private readonly url: string,
  ) {}

  /** On the suite's server, or on the one at `url`. */
  static async signUp(url: string = inject('latchkeyUrl')): Promise<TestAccount> {
    const email = `cli-${randomUUID()}@example.com`;
    const { response, data } = await sendGraphQL<{ signUp: { __typename: string } }>(
      url,
      'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { __typename } }',
      { input: { email, password: 'correct horse battery' } },
    );
    if (data.signUp.__typename !== 'SignUpSuccess') throw new Error(`Sign-up failed: ${JSON.stringify(data)}`);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('latchkey_session='));
    if (!cookie) throw new Error('Sign-up set no session cookie');
    return new TestAccount(email, cookie.split(';')[0] as string, url);
  }

  async issueToken(name: string, permissions: string[] = ALL_PERMISSIONS, expiration = 'YEAR_1'): Promise<IssuedToken> {
    const { data } = await sendGraphQL<{ generateToken: GenerateTokenResult }>(
      this.url,
      `mutation Generate($input: GenerateTokenInput!) {
        generateToken(input: $input) {
          __typename
          ... on GenerateTokenSuccess { secret token { id } }
          ... on Error { message }
        }
      }`,
      { input: { name, permissions, expiration } },
      this.sessionCookie,
    );
    const result = data.generateToken;
    if (!result.secret || !result.token) throw new Error(`Could not issue a token: ${result.message}`);
    return { id: result.token.id, name, secret: rememberSecret(result.secret) };
  }
}
