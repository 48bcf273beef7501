import type { AutocannonRequest } from 'autocannon';
import type { Scale } from '../scale.js';
import type { ServerProcess } from '../servers/server-process.js';
import { type Measurement, summarizeRuns } from './measurement.js';
import { type LoadRun, runLoad } from './run-load.js';

export interface LoadTarget {
  server: ServerProcess;
  requests: AutocannonRequest[];
  /** Database server processes whose CPU also serves these requests (PostgreSQL backends). */
  databasePids?: () => Promise<number[]>;
  /** The status every response must have; any 2xx when not given. */
  expectedStatus?: number;
}

export interface Comparison {
  scenario: Measurement;
  baseline: Measurement;
  /**
   * Scenario requests/s over baseline requests/s, the number the targets are stated in: the median over the
   * pairs of back-to-back runs, so one run disturbed by a neighbour does not move it.
   */
  throughputRatio: number;
  /** The lowest and highest pair ratio: how much the machine's noise moved it. */
  throughputRatioRange: [number, number];
  /** Baseline CPU per request over scenario CPU per request, the median over the same pairs. */
  cpuRatio: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** A timed run that got errors measured something else than the scenario: refuse its numbers. */
export function assertNoFailures(label: string, runs: readonly LoadRun[]): void {
  const failures = summarizeRuns(runs).failures;
  if (failures === 0) return;
  const statusCodes = runs.map((run) => JSON.stringify(run.statusCodes)).join(', ');
  throw new Error(`${label}: ${failures} failed requests during timed runs (status codes ${statusCodes})`);
}

/**
 * Measures a scenario against bare Yoga in the same minute: both are warmed up, then short timed runs alternate
 * ABBA (baseline, scenario, scenario, baseline, ...), so a drift of the machine weighs on both alike.
 */
export async function compareWithBaseline(
  scale: Scale,
  baseline: LoadTarget,
  scenario: LoadTarget,
): Promise<Comparison> {
  const run = async (target: LoadTarget, durationSeconds: number) =>
    runLoad({
      url: target.server.url,
      requests: target.requests,
      connections: scale.connections,
      durationSeconds,
      serverPid: target.server.pid,
      databasePids: await target.databasePids?.(),
      expectedStatus: target.expectedStatus,
    });
  // Warm-up: the same load with its numbers thrown away, so both servers are timed with warm JIT and caches.
  await run(baseline, scale.warmUpSeconds);
  await run(scenario, scale.warmUpSeconds);
  const baselineRuns: LoadRun[] = [];
  const scenarioRuns: LoadRun[] = [];
  for (let round = 0; round < scale.rounds; round++) {
    const order = round % 2 === 0 ? ['baseline', 'scenario'] : ['scenario', 'baseline'];
    for (const which of order) {
      if (which === 'baseline') baselineRuns.push(await run(baseline, scale.timedSeconds));
      else scenarioRuns.push(await run(scenario, scale.timedSeconds));
    }
  }
  const scenarioMeasurement = summarizeRuns(scenarioRuns);
  const baselineMeasurement = summarizeRuns(baselineRuns);
  assertNoFailures(scenario.server.label, scenarioRuns);
  assertNoFailures(baseline.server.label, baselineRuns);
  // Runs at the same index ran back to back (B S, then S B, ...).
  const pairs = scenarioRuns.map((run, index) => [
    summarizeRuns([run]),
    summarizeRuns(baselineRuns.slice(index, index + 1)),
  ]);
  const throughputRatios = pairs.map(([ours, bare]) => (ours?.requestsPerSecond ?? 0) / (bare?.requestsPerSecond ?? 0));
  const cpuRatios = pairs.map(
    ([ours, bare]) => (bare?.serverCpuMicrosPerRequest ?? 0) / (ours?.serverCpuMicrosPerRequest ?? 0),
  );
  return {
    scenario: scenarioMeasurement,
    baseline: baselineMeasurement,
    throughputRatio: median(throughputRatios),
    throughputRatioRange: [Math.min(...throughputRatios), Math.max(...throughputRatios)],
    cpuRatio: median(cpuRatios),
  };
}
