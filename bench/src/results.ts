import type { Comparison } from './load/compare.js';
import type { Measurement } from './load/measurement.js';
import type { VerificationCost } from './scenarios/verification-cost.js';
import type { VerifierMicroResult } from './scenarios/verifier-micro.js';

/** A scenario that could not run here, with the reason (only PostgreSQL may be skipped). */
export interface Skipped {
  status: 'skipped';
  reason: string;
}

export interface Failed {
  status: 'failed';
  reason: string;
}

export type Outcome<Result> = ({ status: 'measured' } & Result) | Skipped | Failed;

export interface AuthenticatedRead extends Comparison {
  /** Distinct bearer tokens the requests rotate through. */
  tokens: number;
  /** Peak resident memory of the server process since it started (VmHWM). */
  serverPeakRssBytes: number;
}

export interface LargeDatabaseRead extends AuthenticatedRead {
  seededTokens: number;
  seedSeconds: number;
  /** This scenario's throughput ratio over scenario 1's: the drop a million rows cause. */
  ratioToScenario1: number;
}

export interface TokenLifecycle {
  generate: Measurement & { connections: number; generated: number };
  revoke: Measurement & { connections: number; revoked: number };
}

export interface LatencySummary {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Scenario 6c. The top-level percentiles are of the delay from A's revoke response to B's first 401. */
export interface RevocationPropagation extends LatencySummary {
  samples: number;
  /** Samples in which replica B still accepted the token when the sample timed out. */
  timedOut: number;
  /** How long replica A took to answer each `revokeToken`, under the load. */
  revoke: LatencySummary;
  /** The valid-token load both replicas served meanwhile. */
  load: { connections: number; tokens: number; responses: number };
}

/** Refused requests against valid ones: each Comparison's `baseline` is the valid-token run. */
export interface RefusedTokens {
  validTokens: number;
  revokedTokens: number;
  unknownTokens: number;
  revoked: Comparison;
  unknown: Comparison;
}

/** Scenario 8: the endpoints the operator's services call, each against bare Yoga. */
export interface ServiceVerification {
  tokens: number;
  introspection: Comparison;
  forwardAuth: Comparison;
}

/** How long after a credential's removal it is first refused, from the removal's response to the first refusal. */
export interface RefusalDelays extends LatencySummary {
  samples: number;
  /** Samples still accepted when they timed out (each counted as its timeout). */
  timedOut: number;
  /** How long the deletion or revocation request itself took. */
  removal: LatencySummary;
}

/** Scenario 9: Better Auth with its API-key plugin, the peer a TypeScript user would pick instead. */
export interface BetterAuthComparison {
  versions: { betterAuth: string; apiKeyPlugin: string };
  keys: number;
  /** `GET /verify` answered by `auth.api.verifyApiKey` on node:http, against bare Yoga. */
  verification: Comparison;
  /** From the response of Better Auth's `POST /api/auth/api-key/delete` to the first 401 of `/verify`. */
  deletedKeyRefused: RefusalDelays;
}

/** Scenario 10a: `verify` of @latchkey/verify on a cache hit, in its own process. */
export interface VerifierCacheHit extends VerificationCost {
  /** Distinct tokens the verifications rotate through. */
  tokens: number;
}

/** Scenario 10b: the example service protected by @latchkey/verify; `baseline` is the same service without it. */
export interface ExampleServiceComparison extends Comparison {
  tokens: number;
}

export interface PostgresqlResults {
  viewerId: Outcome<AuthenticatedRead>;
  tokenPage: Outcome<AuthenticatedRead>;
  propagation: Outcome<RevocationPropagation>;
  /** Absent from results written before issue 20. */
  refusedTokens?: Outcome<RefusedTokens>;
  /** 10d: revoked on replica A, refused by a verifier streaming from replica B. Absent before issue 14. */
  verifierPropagation?: Outcome<RefusalDelays>;
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
}

export interface BenchResults {
  command: string;
  scale: string;
  serverRevision: string;
  startedAt: string;
  durationSeconds: number;
  machine: Machine;
  settings: {
    connections: number;
    pipelining: number;
    warmUpSeconds: number;
    timedSeconds: number;
    rounds: number;
  };
  scenarios: {
    viewerId: Outcome<AuthenticatedRead>;
    /** Scenario 1 with the server's default JSON request log on (every other scenario runs with it off). */
    viewerIdWithRequestLog: Outcome<AuthenticatedRead>;
    tokenPage: Outcome<AuthenticatedRead>;
    viewerIdLargeDatabase: Outcome<LargeDatabaseRead>;
    tokenVerification: Outcome<VerifierMicroResult>;
    tokenLifecycle: Outcome<TokenLifecycle>;
    /** Absent from results written before issue 20. */
    refusedTokens?: Outcome<RefusedTokens>;
    /** Absent from results written before issue 13. */
    serviceVerification?: Outcome<ServiceVerification>;
    /** Scenarios 9 to 10c, absent from results written before issue 14. */
    betterAuth?: Outcome<BetterAuthComparison>;
    /** 9c: Latchkey's `revokeToken` response to introspection's first `active: false`, on one server. */
    revokedTokenRefusal?: Outcome<RefusalDelays>;
    verifierCacheHit?: Outcome<VerifierCacheHit>;
    exampleService?: Outcome<ExampleServiceComparison>;
    /** 10c: `revokeToken` response to the first refusal by a verifier streaming from the same server. */
    verifierPropagation?: Outcome<RefusalDelays>;
    postgresql: Outcome<PostgresqlResults>;
  };
}

export type ScenarioKey = keyof BenchResults['scenarios'];

export function measuredOrUndefined<Result>(outcome: Outcome<Result>): ({ status: 'measured' } & Result) | undefined {
  return outcome.status === 'measured' ? (outcome as { status: 'measured' } & Result) : undefined;
}
