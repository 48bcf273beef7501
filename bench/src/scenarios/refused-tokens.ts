import type { AutocannonRequest } from 'autocannon';
import { bearer, expectData, type GeneratedToken, graphqlBody, revokeToken, VIEWER_ID_QUERY } from '../latchkey-api.js';
import { compareWithBaseline, type LoadTarget } from '../load/compare.js';
import { jsonPost } from '../load/run-load.js';
import type { RefusedTokens } from '../results.js';
import type { Scale } from '../scale.js';
import { importServerModule, type TokenFormatModule } from '../server-build.js';
import type { ServerProcess } from '../servers/server-process.js';

/**
 * More unknown tokens than the server remembers as refused (10,000), walked in order: every request is one
 * the server has not seen lately, as in a flood of guesses.
 */
const UNKNOWN_TOKENS = 20_000;

/** Revoked tokens the scenario cycles through (issue 20 measured 20 of 100 revoked). */
export const refusedTokenCount = (scale: Scale) => Math.min(100, scale.rotatingTokens);

/**
 * One request whose bearer token changes each time, for valid and refused runs alike: as 20,000 prebuilt
 * requests, autocannon would build them all per connection at the start of every run and set the rate itself.
 */
function tokenPerRequest(server: ServerProcess, secrets: readonly string[]): AutocannonRequest {
  let next = 0;
  return {
    ...jsonPost(new URL(server.url).pathname, graphqlBody(VIEWER_ID_QUERY)),
    setupRequest: (request) => ({
      ...request,
      headers: { ...request.headers, ...bearer(secrets[next++ % secrets.length] ?? '') },
    }),
  };
}

async function expectRefused(url: string, secret: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(secret) },
    body: graphqlBody(VIEWER_ID_QUERY),
  });
  await response.arrayBuffer();
  if (response.status !== 401) throw new Error(`a refused token answered ${response.status}, not 401`);
}

/**
 * Scenario 7 (and PostgreSQL's 6d): `{ viewer { id } }` with revoked tokens, then with well-formed unknown
 * ones, each against the same query with valid tokens on the same server in the same minute (ABBA). Every
 * refusal must be a 401: the servers run with an invalid-token limit no bench reaches, so each one is counted.
 */
export async function measureRefusedTokens(
  scale: Scale,
  server: ServerProcess,
  cookie: string,
  valid: readonly GeneratedToken[],
  toRevoke: readonly GeneratedToken[],
  databasePids?: () => Promise<number[]>,
): Promise<RefusedTokens> {
  for (const token of toRevoke) await revokeToken(server.url, cookie, token.id);
  const { generateTokenSecret } = await importServerModule<TokenFormatModule>('tokens/format.js');
  const unknown = Array.from({ length: UNKNOWN_TOKENS }, () => generateTokenSecret());
  for (const { secret } of valid) await expectData(server.url, VIEWER_ID_QUERY, bearer(secret));
  for (const { secret } of toRevoke) await expectRefused(server.url, secret);
  await expectRefused(server.url, unknown[0] ?? '');

  const target = (secrets: readonly string[], expectedStatus?: number): LoadTarget => ({
    server,
    requests: [tokenPerRequest(server, secrets)],
    databasePids,
    expectedStatus,
  });
  const validTarget = target(valid.map((token) => token.secret));
  return {
    validTokens: valid.length,
    revokedTokens: toRevoke.length,
    unknownTokens: unknown.length,
    revoked: await compareWithBaseline(
      scale,
      validTarget,
      target(
        toRevoke.map((token) => token.secret),
        401,
      ),
    ),
    unknown: await compareWithBaseline(scale, validTarget, target(unknown, 401)),
  };
}
