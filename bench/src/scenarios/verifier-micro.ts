/**
 * Scenario 4, run as its own process (`DATABASE_URL` set, secrets file as the argument): the CPU cost of
 * `tokenVerifier.verify` from the server's production build, on cache misses and on cache hits. Prints one
 * JSON line.
 */
import { readFileSync } from 'node:fs';
import {
  type DbModule,
  importServerModule,
  type LastUseModule,
  type TokenVerificationModule,
} from '../server-build.js';
import { measureVerificationCost, type VerificationCost } from './verification-cost.js';

export interface VerifierMicroResult {
  /** First verification of a token never used: a lookup by digest plus the last-used write. */
  missFirstUse: VerificationCost;
  /** A token whose cache entry is gone (TTL, another process) but whose last use is recent: the lookup alone. */
  missRecordedUse: VerificationCost;
  hit: VerificationCost;
}

interface MicroInput {
  missSecrets: string[];
  hitSecrets: string[];
  hitVerifications: number;
}

async function main() {
  const inputFile = process.argv[2];
  if (!inputFile) throw new Error('usage: verifier-micro.ts <input.json>');
  const input = JSON.parse(readFileSync(inputFile, 'utf8')) as MicroInput;
  const { db, prepareDatabaseConnection } = await importServerModule<DbModule>('db.js');
  await prepareDatabaseConnection?.();
  const { tokenVerifier } = await importServerModule<TokenVerificationModule>('tokens/verification.js');
  const { lastUseRecorder } = await importServerModule<LastUseModule>('tokens/last-use.js');
  const verify = (secret: string | undefined) => tokenVerifier.verify(secret ?? '', new Date(), '127.0.0.1');

  // Let the JIT optimise both paths before anything is timed: misses on the hit secrets (the cache is
  // cleared each round), so the timed misses still read rows nobody has read yet.
  for (let round = 0; round < 5; round++) {
    tokenVerifier.clear();
    for (const secret of input.hitSecrets) await verify(secret);
  }
  tokenVerifier.clear();
  // The warm-up's own uses are written now, not by the batch timer in the middle of a timed loop.
  await lastUseRecorder.flush();

  const missFirstUse = await measureVerificationCost(input.missSecrets.length, (index) =>
    verify(input.missSecrets[index]),
  );
  tokenVerifier.clear();
  // Written before the next loop reads the rows: each then finds its last use recorded, as the scenario says.
  await lastUseRecorder.flush();
  const missRecordedUse = await measureVerificationCost(input.missSecrets.length, (index) =>
    verify(input.missSecrets[index]),
  );

  for (const secret of input.hitSecrets) await verify(secret);
  const hit = await measureVerificationCost(input.hitVerifications, (index) =>
    verify(input.hitSecrets[index % input.hitSecrets.length]),
  );

  await db.$disconnect();
  const result: VerifierMicroResult = { missFirstUse, missRecordedUse, hit };
  console.log(JSON.stringify(result));
}

await main();
