import type { Scale } from '../scale.js';
import { runInOwnProcess } from './own-process.js';
import type { VerifierMicroResult } from './verifier-micro.js';

/**
 * Scenario 4: runs the verifier micro-benchmark in a fresh process against the seeded database (the server
 * must be stopped), so its CPU accounting contains nothing but verification.
 */
export function measureTokenVerification(
  scale: Scale,
  databaseUrl: string,
  secrets: { miss: string[]; hit: string[] },
): Promise<VerifierMicroResult> {
  return runInOwnProcess<VerifierMicroResult>(
    'verifier-micro.ts',
    { missSecrets: secrets.miss, hitSecrets: secrets.hit, hitVerifications: scale.verifier.hitVerifications },
    { DATABASE_URL: databaseUrl },
  );
}
