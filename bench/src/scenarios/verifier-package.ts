import { bearer, expectData, generateTokens, revokeToken } from '../latchkey-api.js';
import { compareWithBaseline } from '../load/compare.js';
import type { ExampleServiceComparison, RefusalDelays, VerifierCacheHit } from '../results.js';
import type { Scale } from '../scale.js';
import {
  type ServerProcess,
  startExampleService,
  startUnauthenticatedExampleService,
  waitForOutput,
} from '../servers/server-process.js';
import { connectedVerifier, PERMISSION, SERVICE_ID } from '../verify-package.js';
import { rotatingTokenRequests } from './authenticated-read.js';
import { runInOwnProcess } from './own-process.js';
import { measureRefusalDelays } from './refusal-delay.js';

const REPORTS_QUERY = '{ reports { id title } }';
const STREAM_READY_LINE = /revocation stream ready/;

const originOf = (server: ServerProcess) => new URL(server.url).origin;

/**
 * Scenario 10a: @latchkey/verify's `verify` on a cache hit, in its own process (verify-package-micro.ts), with
 * its revocation stream open to `latchkey`: every token is verified once first (through introspection), then
 * `scale.verifier.hitVerifications` verifications rotate through them, none of which may reach Latchkey.
 */
export function measureVerifierCacheHit(
  scale: Scale,
  latchkey: ServerProcess,
  secrets: readonly string[],
  serviceKey: string,
): Promise<VerifierCacheHit> {
  return runInOwnProcess<VerifierCacheHit>('verify-package-micro.ts', {
    url: originOf(latchkey),
    serviceKey,
    secrets,
    verifications: scale.verifier.hitVerifications,
  });
}

/**
 * Scenario 10b: examples/reports-api, protected by the package and verifying against `latchkey`, against the
 * same service without authentication (reports-api-unauthenticated.mjs), ABBA as every comparison. The example
 * must have opened its revocation stream and accepted every token once before anything is timed.
 */
export async function measureExampleService(
  scale: Scale,
  latchkey: ServerProcess,
  secrets: readonly string[],
  serviceKey: string,
): Promise<ExampleServiceComparison> {
  const started: ServerProcess[] = [];
  try {
    const unauthenticated = await startUnauthenticatedExampleService();
    started.push(unauthenticated);
    const example = await startExampleService(originOf(latchkey), serviceKey);
    started.push(example);
    await waitForOutput(example, STREAM_READY_LINE, 10_000);
    for (const secret of secrets) await expectData(example.url, REPORTS_QUERY, bearer(secret));
    await expectData(unauthenticated.url, REPORTS_QUERY);
    const requests = rotatingTokenRequests(example, REPORTS_QUERY, secrets);
    const comparison = await compareWithBaseline(
      scale,
      { server: unauthenticated, requests },
      { server: example, requests },
    );
    return { ...comparison, tokens: secrets.length };
  } finally {
    await Promise.all(started.map((server) => server.stop()));
  }
}

export interface PropagationServers {
  /** Where the tokens are generated and revoked. */
  revokeOn: ServerProcess;
  /** Where the verifier's revocation stream (and its introspection) goes: another replica, or the same server. */
  streamFrom: ServerProcess;
  cookie: string;
  serviceKey: string;
}

/**
 * Scenarios 10c and 10d: a verifier in this process, its stream open to `streamFrom`, verifies a token (caching
 * it), then is asked in a tight loop while `revokeOn` revokes the token; the delay runs from `revokeToken`'s
 * response to the verifier's first `invalid_token`. Any other refusal fails the scenario.
 */
export async function measureVerifierPropagation(
  scale: Scale,
  { revokeOn, streamFrom, cookie, serviceKey }: PropagationServers,
): Promise<RefusalDelays> {
  const tokens = await generateTokens(revokeOn.url, cookie, scale.propagation.samples, 'verifier-revocation', [
    PERMISSION,
  ]);
  const verifier = await connectedVerifier({ url: originOf(streamFrom), serviceId: SERVICE_ID, serviceKey });
  try {
    return await measureRefusalDelays(
      scale,
      'the verifier',
      tokens.map((token) => ({
        accepted: async () => {
          const result = await verifier.verify(`Bearer ${token.secret}`, { permission: PERMISSION });
          if (result.ok) return true;
          if (result.error === 'invalid_token') return false;
          throw new Error(`the verifier answered ${result.error} (stream ${verifier.streamState})`);
        },
        remove: () => revokeToken(revokeOn.url, cookie, token.id),
      })),
    );
  } finally {
    await verifier.close();
  }
}
