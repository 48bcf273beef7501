import type { Comparison } from './load/compare.js';
import type { Measurement } from './load/measurement.js';
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

export interface PostgresqlResults {
  viewerId: Outcome<AuthenticatedRead>;
  tokenPage: Outcome<AuthenticatedRead>;
  propagation: Outcome<RevocationPropagation>;
  /** Absent from results written before issue 20. */
  refusedTokens?: Outcome<RefusedTokens>;
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
    postgresql: Outcome<PostgresqlResults>;
  };
}

export type ScenarioKey = keyof BenchResults['scenarios'];

export function measuredOrUndefined<Result>(outcome: Outcome<Result>): ({ status: 'measured' } & Result) | undefined {
  return outcome.status === 'measured' ? (outcome as { status: 'measured' } & Result) : undefined;
}
