/** How big and how long each part of the run is. `tiny` exists so the smoke test can run the whole bench quickly. */
export interface Scale {
  name: 'full' | 'tiny';
  /** Untimed load before the timed runs of each server, so both are measured with warm JIT and caches. */
  warmUpSeconds: number;
  /** Length of one timed run. */
  timedSeconds: number;
  /**
   * Baseline/scenario pairs per scenario, in ABBA order (baseline, scenario, scenario, baseline, ...): short runs
   * alternated often, so a neighbour's burst of work weighs on both servers alike.
   */
  rounds: number;
  /** Concurrent HTTP connections autocannon keeps open (no pipelining); bench/README.md#how-it-measures says why. */
  connections: number;
  /** Distinct bearer tokens the authenticated scenarios rotate through. */
  rotatingTokens: number;
  /** Token rows in the database for scenario 3, inserted directly. */
  seededTokens: number;
  seededTokensPerUser: number;
  generateSeconds: number;
  generateConnections: number;
  revocations: number;
  verifier: { hitVerifications: number; missTokens: number };
  propagation: {
    samples: number;
    sampleTimeoutMs: number;
    budgetMs: number;
    /** Valid-token load on both replicas meanwhile: connections in all, split between them, and tokens rotated. */
    load: { connections: number; tokens: number };
  };
}

const full: Scale = {
  name: 'full',
  warmUpSeconds: 3,
  timedSeconds: 2,
  rounds: 6,
  connections: 8,
  rotatingTokens: 1_000,
  seededTokens: 1_000_000,
  seededTokensPerUser: 1_000,
  generateSeconds: 5,
  generateConnections: 4,
  revocations: 300,
  verifier: { hitVerifications: 200_000, missTokens: 5_000 },
  propagation: { samples: 200, sampleTimeoutMs: 35_000, budgetMs: 90_000, load: { connections: 50, tokens: 100 } },
};

const tiny: Scale = {
  name: 'tiny',
  warmUpSeconds: 0.5,
  timedSeconds: 1,
  rounds: 1,
  connections: 8,
  rotatingTokens: 10,
  seededTokens: 1_000,
  seededTokensPerUser: 100,
  generateSeconds: 1,
  generateConnections: 4,
  revocations: 10,
  verifier: { hitVerifications: 2_000, missTokens: 50 },
  propagation: { samples: 3, sampleTimeoutMs: 5_000, budgetMs: 10_000, load: { connections: 2, tokens: 5 } },
};

export function scaleFromEnvironment(value = process.env.BENCH_SCALE): Scale {
  if (value === undefined || value === '' || value === 'full') return full;
  if (value === 'tiny') return tiny;
  throw new Error(`BENCH_SCALE must be "full" or "tiny", got "${value}"`);
}
