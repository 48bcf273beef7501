import {
  GENERATE_TOKEN_MUTATION,
  type GeneratedToken,
  generatedTokenIn,
  graphqlBody,
  REVOKE_TOKEN_MUTATION,
} from '../latchkey-api.js';
import { assertNoFailures } from '../load/compare.js';
import { summarizeRuns } from '../load/measurement.js';
import { jsonPost, runLoad } from '../load/run-load.js';
import type { TokenLifecycle } from '../results.js';
import type { Scale } from '../scale.js';
import type { ServerProcess } from '../servers/server-process.js';

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Scenario 5: generateToken throughput with a few concurrent connections (each request a new, unique
 * name), then revokeToken latency one request at a time over the tokens just generated.
 */
export async function measureTokenLifecycle(
  scale: Scale,
  server: ServerProcess,
  cookie: string,
): Promise<TokenLifecycle> {
  const path = new URL(server.url).pathname;
  const runId = Date.now().toString(36);
  let nameCounter = 0;
  const generated: GeneratedToken[] = [];
  let refusedGenerations = 0;

  const generateRun = await runLoad({
    url: server.url,
    serverPid: server.pid,
    connections: scale.generateConnections,
    durationSeconds: scale.generateSeconds,
    requests: [
      {
        ...jsonPost(path, '', { cookie }),
        setupRequest: (request) => ({
          ...request,
          body: graphqlBody(GENERATE_TOKEN_MUTATION, { name: `generated-${runId}-${nameCounter++}` }),
        }),
        onResponse: (_status, body) => {
          const token = generatedTokenIn(parseJson(body));
          if (token) generated.push(token);
          else refusedGenerations++;
        },
      },
    ],
  });
  assertNoFailures('generateToken', [generateRun]);
  if (refusedGenerations > 0) throw new Error(`generateToken refused ${refusedGenerations} requests`);

  const toRevoke = generated.slice(0, scale.revocations);
  let revokeCounter = 0;
  let refusedRevocations = 0;
  const revokeRun = await runLoad({
    url: server.url,
    serverPid: server.pid,
    // One at a time: this is the latency a person or script sees, not throughput under contention.
    connections: 1,
    amount: toRevoke.length,
    requests: [
      {
        ...jsonPost(path, '', { cookie }),
        setupRequest: (request) => ({
          ...request,
          body: graphqlBody(REVOKE_TOKEN_MUTATION, { id: toRevoke[revokeCounter++ % toRevoke.length]?.id }),
        }),
        onResponse: (_status, body) => {
          // biome-ignore lint/suspicious/noExplicitAny: an untyped JSON response
          const result = (parseJson(body) as any)?.data?.revokeToken;
          if (result?.__typename !== 'RevokeTokenSuccess' || result.token.status !== 'REVOKED') refusedRevocations++;
        },
      },
    ],
  });
  assertNoFailures('revokeToken', [revokeRun]);
  if (refusedRevocations > 0) throw new Error(`revokeToken did not revoke ${refusedRevocations} tokens`);

  return {
    generate: { ...summarizeRuns([generateRun]), connections: scale.generateConnections, generated: generated.length },
    revoke: { ...summarizeRuns([revokeRun]), connections: 1, revoked: revokeRun.responses },
  };
}
