import { describe, expect, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { startHttpServer } from './support/network.js';
import { runLatchkey } from './support/run-latchkey.js';

const TOKENS_QUERY = `query Tokens($first: Int!, $search: String) {
  viewer { tokens(first: $first, search: $search) { totalCount edges { node { name } } } }
}`;

describe('latchkey api', () => {
  it('posts a query with the token in use and prints the JSON response', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('api-reader', ['profile:read']);

    const run = await runLatchkey(['api', '{ viewer { email } }'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ data: { viewer: { email: account.email } } });
  });

  it('sends -f values as strings and -F values typed, as variables', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('api-lister', ['tokens:read']);
    await account.issueToken('deploy-api');
    await account.issueToken('deploy-web');
    const environment = { LATCHKEY_TOKEN: token.secret };

    const typed = await runLatchkey(['api', TOKENS_QUERY, '-F', 'first=1', '-f', 'search=deploy'], { environment });
    const untyped = await runLatchkey(['api', TOKENS_QUERY, '-f', 'first=1'], { environment });

    expect(typed.exitCode).toBe(0);
    expect(JSON.parse(typed.stdout).data.viewer.tokens).toEqual({
      totalCount: 2,
      edges: [{ node: { name: 'deploy-web' } }],
    });
    expect(untyped.exitCode).toBe(2);
    expect(untyped.stderr).toMatch(/^latchkey: GraphQL error: Variable "\$first" got invalid value "1"; .*\n$/);
    expect(JSON.parse(untyped.stdout).errors).toHaveLength(1);
  });

  it('builds an input object from NAME[KEY]=VALUE and a list from NAME[]=VALUE', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('api-writer', ['tokens:write', 'reports:read']);

    const run = await runLatchkey(
      [
        'api',
        `mutation Generate($input: GenerateTokenInput!) {
          generateToken(input: $input) {
            __typename
            ... on GenerateTokenSuccess { secret token { name permissions { name } } }
          }
        }`,
        '-f',
        'input[name]=from-api',
        '-f',
        'input[permissions][]=reports:read',
        '-f',
        'input[expiration]=DAYS_30',
      ],
      { environment: { LATCHKEY_TOKEN: token.secret } },
    );

    expect(run.exitCode).toBe(0);
    const { generateToken } = JSON.parse(run.stdout).data;
    // The new token's secret is what was asked for: it is printed, unlike the secret of the token in use.
    expect(generateToken).toEqual({
      __typename: 'GenerateTokenSuccess',
      secret: expect.stringMatching(/^lkpat_/),
      token: { name: 'from-api', permissions: [{ name: 'reports:read' }] },
    });
  });

  it('exits with 2 and the errors on standard error for a document the server cannot validate', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('api-typo');

    const run = await runLatchkey(['api', '{ viewer { emali } }'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^latchkey: GraphQL error: Cannot query field "emali" on type "[A-Za-z]+"\..*\n$/);
    expect(JSON.parse(run.stdout)).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] });
  });

  it('exits with 4 and names the missing permission, printing what data there is', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('api-narrow', ['profile:read']);

    const run = await runLatchkey(['api', '{ viewer { email tokens(first: 1) { totalCount } } }'], {
      environment: { LATCHKEY_TOKEN: token.secret },
    });

    expect(run.exitCode).toBe(4);
    expect(run.stderr).toBe(
      'latchkey: GraphQL error: This requires a token with the tokens:read permission. (at viewer.tokens)\n',
    );
    expect(JSON.parse(run.stdout).errors[0].extensions).toEqual({
      code: 'FORBIDDEN',
      requiredPermissions: ['tokens:read'],
    });
  });

  it('exits with 3 without a token, before sending anything', async () => {
    const run = await runLatchkey(['api', '{ viewer { email } }']);

    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('latchkey: no token: run "latchkey login", or set LATCHKEY_TOKEN\n');
  });

  it('shows the token in use as its hint when a server echoes it back', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('echoed');
    const echo = await startHttpServer((request, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: { authorization: request.headers.authorization } })),
    );
    try {
      const run = await runLatchkey(['api', '{ authorization }', '--url', echo.url], {
        environment: { LATCHKEY_TOKEN: token.secret },
      });

      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ data: { authorization: `Bearer lkpat_…${token.secret.slice(-4)}` } });
    } finally {
      await echo.close();
    }
  });
});
