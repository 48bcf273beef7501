import { bearer, expectData, graphqlBody, HELLO_QUERY } from '../latchkey-api.js';
import { compareWithBaseline } from '../load/compare.js';
import { jsonPost } from '../load/run-load.js';
import type { AuthenticatedRead } from '../results.js';
import type { Scale } from '../scale.js';
import { peakRssBytes } from '../servers/proc-stats.js';
import type { ServerProcess } from '../servers/server-process.js';

export const baselineRequests = (baseline: ServerProcess) => [
  jsonPost(new URL(baseline.url).pathname, graphqlBody(HELLO_QUERY)),
];

/** One prebuilt request per token: each connection walks the list, so consecutive requests use different tokens. */
export const rotatingTokenRequests = (server: ServerProcess, query: string, secrets: readonly string[]) =>
  secrets.map((secret) => jsonPost(new URL(server.url).pathname, graphqlBody(query), bearer(secret)));

/**
 * Scenarios 1 to 3 and PostgreSQL's 1 and 2: one query sent with rotating bearer tokens, against bare Yoga.
 * One request per token is checked first, so a refused token fails the scenario instead of timing 401s.
 */
export async function measureAuthenticatedRead(
  scale: Scale,
  baseline: ServerProcess,
  server: ServerProcess,
  query: string,
  secrets: readonly string[],
  databasePids?: () => Promise<number[]>,
): Promise<AuthenticatedRead> {
  for (const secret of secrets) await expectData(server.url, query, bearer(secret));
  const comparison = await compareWithBaseline(
    scale,
    { server: baseline, requests: baselineRequests(baseline) },
    { server, requests: rotatingTokenRequests(server, query, secrets), databasePids },
  );
  return { ...comparison, tokens: secrets.length, serverPeakRssBytes: peakRssBytes(server.pid) };
}
