import type { LatencySummary } from '../results.js';
import type { LoadRun } from './run-load.js';

/** What the report shows for one server in one scenario, merged over its timed runs. */
export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuMicrosPerRequest: number;
  /** CPU the database server (PostgreSQL backends) spent per request, when it runs in its own processes. */
  databaseCpuMicrosPerRequest?: number;
  /** Cores the server process kept busy (1 = one full core): below 1, it was not the bottleneck. */
  serverCoreUse: number;
  /** Cores autocannon kept busy in the bench process. */
  loadGeneratorCoreUse: number;
  responses: number;
  seconds: number;
  /** Responses that were not 2xx, plus socket errors and timeouts; any at all makes the scenario fail. */
  failures: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/** p50, p90, p99 and the maximum of a set of delays in milliseconds, in any order. */
export function latencySummary(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

export function summarizeRuns(runs: readonly LoadRun[]): Measurement {
  const responses = runs.reduce((sum, run) => sum + run.responses, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const cpuMicros = runs.reduce((sum, run) => sum + run.serverCpuMicros, 0);
  const latencies = runs.flatMap((run) => run.latenciesMs).sort((a, b) => a - b);
  const loadGeneratorCpuMicros = runs.reduce((sum, run) => sum + run.loadGeneratorCpuMicros, 0);
  return {
    requestsPerSecond: responses / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    serverCpuMicrosPerRequest: cpuMicros / responses,
    databaseCpuMicrosPerRequest: runs.every((run) => run.databaseCpuMicros !== undefined)
      ? runs.reduce((sum, run) => sum + (run.databaseCpuMicros ?? 0), 0) / responses
      : undefined,
    serverCoreUse: cpuMicros / (seconds * 1_000_000),
    loadGeneratorCoreUse: loadGeneratorCpuMicros / (seconds * 1_000_000),
    responses,
    seconds,
    failures: runs.reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0),
  };
}
