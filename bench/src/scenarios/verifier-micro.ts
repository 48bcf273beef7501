/**
 * Scenario 4, run as its own process (`DATABASE_URL` set, input file as the argument): the CPU cost of
 * `tokenVerifier.verify` from the server's production build, on cache misses, and on cache hits of tokens without
 * controls, with a rate limit and with an address allowlist. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import {
  type DbModule,
  importServerModule,
  type LastUseModule,
  type TokenVerificationModule,
  type UsageLimited,
  type VerifiedToken,
} from '../server-build.js';
import { combinedVerificationCost, measureVerificationCost, type VerificationCost } from './verification-cost.js';

export interface VerifierMicroResult {
  /** First verification of a token never used: a lookup by digest plus the last-used write. */
  missFirstUse: VerificationCost;
  /** A token whose cache entry is gone (TTL, another process) but whose last use is recent: the lookup alone. */
  missRecordedUse: VerificationCost;
  hit: VerificationCost;
  /** Tokens with a rate limit, counted in memory as on SQLite (issue 16); absent from results written before it. */
  rateLimitedHit?: VerificationCost;
  /** Tokens with an allowlist of four ranges, the last one matching; absent from results written before issue 16. */
  allowlistedHit?: VerificationCost;
}

type HitKind = 'hit' | 'rateLimitedHit' | 'allowlistedHit';

interface MicroInput {
  missSecrets: string[];
  hitSecrets: Record<HitKind, string[]>;
  /** Per kind of cache hit. */
  hitVerifications: number;
}

/** Timed blocks per kind of cache hit. The kinds take turns (ABC CBA ABC …), so a neighbour's burst weighs on each. */
const HIT_BLOCKS = 10;

type Verify = (secret: string | undefined) => Promise<VerifiedToken | UsageLimited | null>;
const accepted = (answer: VerifiedToken | UsageLimited | null) => answer !== null && 'id' in answer;

/** Cache hits of each kind, `verifications` of each, rotating through that kind's tokens. */
async function measureCacheHits(secrets: Record<HitKind, string[]>, verifications: number, verify: Verify) {
  const kinds = Object.keys(secrets) as HitKind[];
  const perBlock = Math.ceil(verifications / HIT_BLOCKS);
  const blocks = new Map(kinds.map((kind) => [kind, [] as VerificationCost[]]));
  // Block -1 is untimed, so that every kind's path is optimised before any is timed.
  for (let block = -1; block < HIT_BLOCKS; block++) {
    const offset = (block + 1) * perBlock;
    for (const kind of block % 2 === 0 ? kinds : [...kinds].reverse()) {
      const rotating = secrets[kind];
      const cost = await measureVerificationCost(
        perBlock,
        (index) => verify(rotating[(offset + index) % rotating.length]),
        accepted,
      );
      if (block >= 0) blocks.get(kind)?.push(cost);
    }
  }
  const cost = (kind: HitKind) => combinedVerificationCost(blocks.get(kind) ?? []);
  return { hit: cost('hit'), rateLimitedHit: cost('rateLimitedHit'), allowlistedHit: cost('allowlistedHit') };
}

async function main() {
  const inputFile = process.argv[2];
  if (!inputFile) throw new Error('usage: verifier-micro.ts <input.json>');
  const input = JSON.parse(readFileSync(inputFile, 'utf8')) as MicroInput;
  const { db, prepareDatabaseConnection } = await importServerModule<DbModule>('db.js');
  await prepareDatabaseConnection?.();
  const { tokenVerifier } = await importServerModule<TokenVerificationModule>('tokens/verification.js');
  const { lastUseRecorder } = await importServerModule<LastUseModule>('tokens/last-use.js');
  const verify: Verify = (secret) => tokenVerifier.verify(secret ?? '', new Date(), '127.0.0.1');
  const everyHitSecret = Object.values(input.hitSecrets).flat();

  // Let the JIT optimise both paths before anything is timed: misses on the hit secrets (the cache is
  // cleared each round), so the timed misses still read rows nobody has read yet.
  for (let round = 0; round < 5; round++) {
    tokenVerifier.clear();
    for (const secret of everyHitSecret) await verify(secret);
  }
  tokenVerifier.clear();
  // The warm-up's own uses are written now, not by the batch timer in the middle of a timed loop.
  await lastUseRecorder.flush();

  const missFirstUse = await measureVerificationCost(
    input.missSecrets.length,
    (index) => verify(input.missSecrets[index]),
    accepted,
  );
  tokenVerifier.clear();
  // Written before the next loop reads the rows: each then finds its last use recorded, as the scenario says.
  await lastUseRecorder.flush();
  const missRecordedUse = await measureVerificationCost(
    input.missSecrets.length,
    (index) => verify(input.missSecrets[index]),
    accepted,
  );

  for (const secret of everyHitSecret) await verify(secret);
  const hits = await measureCacheHits(input.hitSecrets, input.hitVerifications, verify);

  await db.$disconnect();
  const result: VerifierMicroResult = { missFirstUse, missRecordedUse, ...hits };
  console.log(JSON.stringify(result));
}

await main();
