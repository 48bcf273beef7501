import type { Scale } from '../scale.js';
import { runInOwnProcess } from './own-process.js';
import type { VerifierMicroResult } from './verifier-micro.js';

/**
 * Scenario 4: runs the verifier micro-benchmark in a fresh process against the seeded database (the server
 * must be stopped), so its CPU accounting contains nothing but verification. Cache hits are timed for plain
 * tokens and for tokens with each of issue 16's controls, `scale.verifier.hitVerifications` of each.
 */
export function measureTokenVerification(
  scale: Scale,
  databaseUrl: string,
  secrets: { miss: string[]; hit: string[]; rateLimitedHit: string[]; allowlistedHit: string[] },
): Promise<VerifierMicroResult> {
  const { miss, ...hitSecrets } = secrets;
  return runInOwnProcess<VerifierMicroResult>(
    'verifier-micro.ts',
    { missSecrets: miss, hitSecrets, hitVerifications: scale.verifier.hitVerifications },
    { DATABASE_URL: databaseUrl },
  );
}
