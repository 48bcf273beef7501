import { setTimeout as sleep } from 'node:timers/promises';
import { bearer, type GeneratedToken, graphqlBody, revokeToken, VIEWER_ID_QUERY } from '../latchkey-api.js';
import { type BackgroundLoadResult, startBackgroundLoad } from '../load/background-load.js';
import { latencySummary } from '../load/measurement.js';
import { jsonPost } from '../load/run-load.js';
import type { RevocationPropagation } from '../results.js';
import type { Scale } from '../scale.js';
import type { ServerProcess } from '../servers/server-process.js';

async function statusOf(url: string, secret: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(secret) },
    body: graphqlBody(VIEWER_ID_QUERY),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Polls in a tight loop, one request at a time, until the first 401; returns when it arrived. */
async function firstRefusal(
  url: string,
  secret: string,
  deadline: number,
  abort: AbortSignal,
): Promise<number | undefined> {
  while (performance.now() < deadline && !abort.aborted) {
    const status = await statusOf(url, secret);
    if (status === 401) return performance.now();
    if (status !== 200) throw new Error(`replica B answered ${status} while polling`);
  }
  return undefined;
}

/**
 * Scenario 6c, under load: both replicas serve valid rotating tokens (`scale.propagation.load`, from a worker
 * thread) the whole time. For each sample, replica B first serves the token (so it sits in B's cache), then B
 * is polled while replica A revokes it; the delay runs from A's revoke response to B's first 401, and the
 * revoke's own latency is how long A took to answer. Samples stop early when the time budget runs out; a
 * sample that never saw a 401 counts as its timeout (a lower bound).
 */
export async function measureRevocationPropagation(
  scale: Scale,
  replicaA: ServerProcess,
  replicaB: ServerProcess,
  cookie: string,
  tokens: readonly GeneratedToken[],
  loadSecrets: readonly string[],
): Promise<RevocationPropagation> {
  const { connections } = scale.propagation.load;
  const secrets = loadSecrets.slice(0, scale.propagation.load.tokens);
  const requestsTo = (replica: ServerProcess) =>
    secrets.map((secret) => jsonPost(new URL(replica.url).pathname, graphqlBody(VIEWER_ID_QUERY), bearer(secret)));
  const load = startBackgroundLoad(
    [replicaA, replicaB].map((replica, index) => ({
      url: replica.url,
      // Half each; A takes the odd one.
      connections: Math.ceil((connections - index) / 2),
      requests: requestsTo(replica),
    })),
  );
  const delaysMs: number[] = [];
  const revokeMs: number[] = [];
  let timedOut = 0;
  let answered: BackgroundLoadResult[];
  try {
    // The load reaches full speed before the first sample.
    await sleep(1000);
    const budgetEnd = performance.now() + scale.propagation.budgetMs;
    for (const token of tokens.slice(0, scale.propagation.samples)) {
      if (performance.now() >= budgetEnd) break;
      if ((await statusOf(replicaB.url, token.secret)) !== 200) throw new Error('replica B refused a fresh token');
      const deadline = Math.min(budgetEnd, performance.now() + scale.propagation.sampleTimeoutMs);
      const stopPolling = new AbortController();
      const refusal = firstRefusal(replicaB.url, token.secret, deadline, stopPolling.signal);
      let revokeStartedAt: number;
      try {
        // A random offset so the revocation does not always land at the same point of a poll.
        await sleep(Math.random() * 5);
        revokeStartedAt = performance.now();
        await revokeToken(replicaA.url, cookie, token.id);
      } catch (error) {
        stopPolling.abort();
        await refusal.catch(() => undefined);
        throw error;
      }
      const revokedAt = performance.now();
      revokeMs.push(revokedAt - revokeStartedAt);
      const refusedAt = await refusal;
      if (refusedAt === undefined) {
        timedOut++;
        delaysMs.push(deadline - revokedAt);
      } else {
        // B may refuse before A's response reaches us: that counts as no delay at all.
        delaysMs.push(Math.max(0, refusedAt - revokedAt));
      }
    }
  } finally {
    answered = await load.stop();
  }
  const failures = answered.reduce((sum, target) => sum + target.non2xx + target.errors + target.timeouts, 0);
  if (failures > 0) throw new Error(`the load beside the revocations got ${failures} failed requests`);
  return {
    samples: delaysMs.length,
    timedOut,
    ...latencySummary(delaysMs),
    revoke: latencySummary(revokeMs),
    load: {
      connections,
      tokens: secrets.length,
      responses: answered.reduce((sum, target) => sum + target.responses, 0),
    },
  };
}
