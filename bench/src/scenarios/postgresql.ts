import { createBenchDatabase } from '../database/postgresql-database.js';
import { generateTokens, signUp, TOKEN_PAGE_QUERY, VIEWER_ID_QUERY } from '../latchkey-api.js';
import type { Outcome, PostgresqlResults } from '../results.js';
import type { Scale } from '../scale.js';
import { type ServerProcess, ServerStartError, startLatchkey } from '../servers/server-process.js';
import { createServiceKey } from '../service-keys.js';
import { SERVICE_ID } from '../verify-package.js';
import { attempt } from './attempt.js';
import { measureAuthenticatedRead } from './authenticated-read.js';
import { measureRefusedTokens, refusedTokenCount } from './refused-tokens.js';
import { measureRevocationPropagation } from './revocation-propagation.js';
import { measureVerifierPropagation } from './verifier-package.js';

/** The first line that looks like an error, to say why in the report. */
function firstErrorLine(output: string): string {
  const lines = output.trim().split('\n');
  return (lines.find((line) => /error/i.test(line)) ?? lines.at(-1) ?? '').trim().slice(0, 300);
}

/**
 * Scenario 6: scenarios 1 and 2 on PostgreSQL, and revocation propagation between two replicas sharing one
 * database. Skipped when no PostgreSQL is reachable or the server does not start on it.
 */
export async function measurePostgresql(scale: Scale, baseline: ServerProcess): Promise<Outcome<PostgresqlResults>> {
  const database = await createBenchDatabase();
  if (!database) return { status: 'skipped', reason: 'no PostgreSQL reachable at 127.0.0.1:5432' };
  const replicas: ServerProcess[] = [];
  try {
    try {
      // One after the other: the first creates and migrates the schema.
      replicas.push(await startLatchkey({ databaseUrl: database.url, label: 'Latchkey replica A (PostgreSQL)' }));
      replicas.push(await startLatchkey({ databaseUrl: database.url, label: 'Latchkey replica B (PostgreSQL)' }));
    } catch (error) {
      if (!(error instanceof ServerStartError)) throw error;
      return {
        status: 'skipped',
        reason: `server has no PostgreSQL support yet (it did not start: ${firstErrorLine(error.output)})`,
      };
    }
    const [replicaA, replicaB] = replicas as [ServerProcess, ServerProcess];
    const cookie = await signUp(replicaA.url, 'bench-postgresql@bench.invalid');
    const pool = await generateTokens(replicaA.url, cookie, scale.rotatingTokens, 'pool');
    const secrets = pool.map((token) => token.secret);
    const viewerId = await attempt('6a. as 1, on PostgreSQL', replicas, () =>
      measureAuthenticatedRead(scale, baseline, replicaA, VIEWER_ID_QUERY, secrets, database.backendPids),
    );
    const tokenPage = await attempt('6b. as 2, on PostgreSQL', replicas, () =>
      measureAuthenticatedRead(scale, baseline, replicaA, TOKEN_PAGE_QUERY, secrets, database.backendPids),
    );
    const propagation = await attempt('6c. revocation between replicas, under load', replicas, async () => {
      const samples = await generateTokens(replicaA.url, cookie, scale.propagation.samples, 'propagation');
      return measureRevocationPropagation(scale, replicaA, replicaB, cookie, samples, secrets);
    });
    const refusedTokens = await attempt('6d. as 7, on PostgreSQL', replicas, async () => {
      const revocable = await generateTokens(replicaA.url, cookie, refusedTokenCount(scale), 'refused');
      return measureRefusedTokens(scale, replicaA, cookie, pool, revocable, database.backendPids);
    });
    const verifierPropagation = await attempt(
      '10d. revoked on replica A, refused by a verifier streaming from replica B',
      replicas,
      async () => {
        const serviceKey = await createServiceKey(database.url, SERVICE_ID);
        return measureVerifierPropagation(scale, { revokeOn: replicaA, streamFrom: replicaB, cookie, serviceKey });
      },
    );
    return { status: 'measured', viewerId, tokenPage, propagation, refusedTokens, verifierPropagation };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await database.drop();
  }
}
