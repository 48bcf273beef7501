import type { Comparison } from '../load/compare.js';
import type { Measurement } from '../load/measurement.js';
import type {
  AuthenticatedRead,
  BenchResults,
  LatencySummary,
  Outcome,
  RefusalDelays,
  RefusedTokens,
} from '../results.js';
import type { VerificationCost } from '../scenarios/verification-cost.js';
import { markdownTable } from './markdown-table.js';
import { checkTargets } from './targets.js';

const DASH = '–';
const fixed = (value: number | undefined, digits: number) =>
  value === undefined || Number.isNaN(value)
    ? DASH
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const whole = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? DASH : Math.round(value).toLocaleString('en-US');
const signed = (value: number, digits: number) => `${value < 0 ? '−' : '+'}${fixed(Math.abs(value), digits)}`;

/** The first `textColumns` columns are left-aligned, the numbers after them right-aligned. */
function table(header: string[], rows: string[][], textColumns = 1): string {
  return markdownTable(
    header,
    rows,
    header.map((_, index) => (index < textColumns ? 'left' : 'right')),
  );
}

function measurementCells(measurement: Measurement): string[] {
  return [
    whole(measurement.requestsPerSecond),
    fixed(measurement.p50Ms, 2),
    fixed(measurement.p99Ms, 2),
    measurement.databaseCpuMicrosPerRequest === undefined
      ? whole(measurement.serverCpuMicrosPerRequest)
      : `${whole(measurement.serverCpuMicrosPerRequest)} (+${whole(measurement.databaseCpuMicrosPerRequest)} in PostgreSQL)`,
  ];
}

function comparisonRow(label: string, read: Comparison & { serverPeakRssBytes?: number }): string[] {
  return [
    label,
    ...measurementCells(read.scenario),
    whole(read.baseline.requestsPerSecond),
    whole(read.baseline.serverCpuMicrosPerRequest),
    `**${fixed(read.throughputRatio, 2)}** (${fixed(read.throughputRatioRange[0], 2)}–${fixed(read.throughputRatioRange[1], 2)})`,
    fixed(read.cpuRatio, 2),
    read.serverPeakRssBytes === undefined ? DASH : whole(read.serverPeakRssBytes / 1024 ** 2),
  ];
}

function outcomeNote(label: string, outcome: Outcome<object>): string | undefined {
  return outcome.status === 'measured' ? undefined : `- ${label}: **${outcome.status}**: ${outcome.reason}`;
}

function httpTable(results: BenchResults): string {
  const { viewerId, viewerIdWithRequestLog, tokenPage, viewerIdLargeDatabase, tokenLifecycle, postgresql } =
    results.scenarios;
  const rows: string[][] = [];
  if (viewerId.status === 'measured') {
    rows.push(comparisonRow(`1. \`{ viewer { id } }\`, ${whole(viewerId.tokens)} rotating tokens`, viewerId));
  }
  if (viewerIdWithRequestLog.status === 'measured') {
    rows.push(comparisonRow('1L. as 1, with the default JSON request log on', viewerIdWithRequestLog));
  }
  if (tokenPage.status === 'measured') {
    rows.push(comparisonRow(`2. \`viewer.tokens(first: 20)\`, ${whole(tokenPage.tokens)} rotating tokens`, tokenPage));
  }
  if (viewerIdLargeDatabase.status === 'measured') {
    const seeded = viewerIdLargeDatabase.seededTokens.toLocaleString('en-US');
    rows.push(comparisonRow(`3. as 1, ${seeded} tokens in the database`, viewerIdLargeDatabase));
  }
  const services = results.scenarios.serviceVerification;
  if (services?.status === 'measured') {
    rows.push(
      comparisonRow(
        `8a. \`POST /oauth/introspect\`, ${whole(services.tokens)} rotating tokens`,
        services.introspection,
      ),
    );
    rows.push(comparisonRow('8b. `GET /verify` (forward auth), the same tokens', services.forwardAuth));
  }
  const betterAuth = results.scenarios.betterAuth;
  if (betterAuth?.status === 'measured') {
    rows.push(
      comparisonRow(
        `9a. Better Auth \`verifyApiKey\` (\`GET /verify\`), ${whole(betterAuth.keys)} rotating keys`,
        betterAuth.verification,
      ),
    );
  }
  if (postgresql.status === 'measured') {
    if (postgresql.viewerId.status === 'measured')
      rows.push(comparisonRow('6a. as 1, on PostgreSQL', postgresql.viewerId));
    if (postgresql.tokenPage.status === 'measured')
      rows.push(comparisonRow('6b. as 2, on PostgreSQL', postgresql.tokenPage));
  }
  if (tokenLifecycle.status === 'measured') {
    const { generate, revoke } = tokenLifecycle;
    const noBaseline = [DASH, DASH, DASH, DASH, DASH];
    rows.push([
      `5a. \`generateToken\`, ${generate.connections} connections`,
      ...measurementCells(generate),
      ...noBaseline,
    ]);
    rows.push([`5b. \`revokeToken\`, ${revoke.connections} connection`, ...measurementCells(revoke), ...noBaseline]);
  }
  return table(
    [
      'Scenario',
      'req/s',
      'p50 ms',
      'p99 ms',
      'server CPU µs/req',
      'bare Yoga req/s',
      'bare Yoga CPU µs/req',
      'ratio (req/s)',
      'ratio (CPU)',
      'server peak RSS MB',
    ],
    rows,
  );
}

/** Which side was the bottleneck: a server below one core was waiting for autocannon, the machine, or I/O. */
function coreUseTable(results: BenchResults): string {
  const { viewerId, viewerIdWithRequestLog, tokenPage, viewerIdLargeDatabase, postgresql } = results.scenarios;
  const services = results.scenarios.serviceVerification;
  const servicesMeasured = services?.status === 'measured' ? services : undefined;
  const betterAuth = results.scenarios.betterAuth;
  const reads: [string, Outcome<Comparison>][] = [
    ['1', viewerId],
    ['1L', viewerIdWithRequestLog],
    ['2', tokenPage],
    ['3', viewerIdLargeDatabase],
    ...(postgresql.status === 'measured'
      ? ([
          ['6a', postgresql.viewerId],
          ['6b', postgresql.tokenPage],
        ] as [string, Outcome<AuthenticatedRead>][])
      : []),
    // At these rates autocannon's own core is part of the ceiling on a small machine: read req/s beside it.
    ...(servicesMeasured
      ? ([
          ['8a', { status: 'measured', ...servicesMeasured.introspection }],
          ['8b', { status: 'measured', ...servicesMeasured.forwardAuth }],
        ] as [string, Outcome<Comparison>][])
      : []),
    ...(betterAuth?.status === 'measured'
      ? ([['9a (Better Auth)', { status: 'measured', ...betterAuth.verification }]] as [string, Outcome<Comparison>][])
      : []),
  ];
  const cores = (value: number) => fixed(value, 2);
  return table(
    ['Cores busy during timed runs', 'Latchkey', 'its autocannon', 'bare Yoga', 'its autocannon'],
    reads.flatMap(([label, outcome]) =>
      outcome.status === 'measured'
        ? [
            [
              label,
              cores(outcome.scenario.serverCoreUse),
              cores(outcome.scenario.loadGeneratorCoreUse),
              cores(outcome.baseline.serverCoreUse),
              cores(outcome.baseline.loadGeneratorCoreUse),
            ],
          ]
        : [],
    ),
  );
}

function verificationTable(results: BenchResults): string | undefined {
  const outcome = results.scenarios.tokenVerification;
  if (outcome.status !== 'measured') return undefined;
  // Issue 16's controls, beside the plain hit they add to; absent from runs before it.
  const controlled = [
    ['cache hit, token with a rate limit (memory store)', outcome.rateLimitedHit],
    ['cache hit, token with an address allowlist (4 ranges)', outcome.allowlistedHit],
  ] as const;
  const overPlainHit = controlled.some(([, cost]) => cost !== undefined);
  const row = (label: string, cost: VerificationCost, comparedWithHit = false) => [
    label,
    whole(cost.verifications),
    fixed(cost.cpuMicrosPerVerification, 1),
    fixed(cost.wallMicrosPerVerification, 1),
    ...(overPlainHit
      ? [comparedWithHit ? signed(cost.cpuMicrosPerVerification - outcome.hit.cpuMicrosPerVerification, 1) : '']
      : []),
  ];
  return table(
    [
      '4. `tokenVerifier.verify`, in process',
      'verifications',
      'CPU µs each',
      'wall µs each',
      ...(overPlainHit ? ['CPU µs over a plain hit'] : []),
    ],
    [
      row('cache hit', outcome.hit),
      ...controlled.flatMap(([label, cost]) => (cost ? [row(label, cost, true)] : [])),
      row('cache miss, last use already recorded (lookup only)', outcome.missRecordedUse),
      row('cache miss, first use (lookup + last-use write)', outcome.missFirstUse),
    ],
  );
}

/** Scenarios 7 and 6d: refusals against valid tokens on the same server, not against bare Yoga. */
function refusedTokensTable(results: BenchResults): string | undefined {
  const { refusedTokens, postgresql } = results.scenarios;
  const outcomes: [string, Outcome<RefusedTokens> | undefined][] = [
    ['7', refusedTokens],
    ['6d (PostgreSQL)', postgresql.status === 'measured' ? postgresql.refusedTokens : undefined],
  ];
  const rows = outcomes.flatMap(([label, outcome]) => {
    if (outcome?.status !== 'measured') return [];
    const row = (kind: string, comparison: Comparison) => [
      `${label}. ${kind}`,
      whole(comparison.scenario.requestsPerSecond),
      whole(comparison.scenario.serverCpuMicrosPerRequest),
      whole(comparison.baseline.requestsPerSecond),
      whole(comparison.baseline.serverCpuMicrosPerRequest),
      `**${fixed(comparison.throughputRatio, 2)}** (${fixed(comparison.throughputRatioRange[0], 2)}–${fixed(comparison.throughputRatioRange[1], 2)})`,
    ];
    return [
      row(`${whole(outcome.revokedTokens)} revoked tokens`, outcome.revoked),
      row(`${whole(outcome.unknownTokens)} unknown tokens`, outcome.unknown),
    ];
  });
  if (rows.length === 0) return undefined;
  return table(
    ['Refused (401) vs valid `{ viewer { id } }`', 'req/s', 'CPU µs/req', 'valid req/s', 'valid CPU µs/req', 'ratio'],
    rows,
  );
}

/** Scenario 10a: the package's in-process verification, beside scenario 4's server-side one. */
function verifyPackageTable(results: BenchResults): string | undefined {
  const outcome = results.scenarios.verifierCacheHit;
  if (outcome?.status !== 'measured') return undefined;
  return table(
    ['10a. `@latchkey/verify` `verify`, in process', 'verifications', 'CPU µs each', 'wall µs each'],
    [
      [
        `cache hit (${whole(outcome.tokens)} rotating tokens, with a permission)`,
        whole(outcome.verifications),
        fixed(outcome.cpuMicrosPerVerification, 2),
        fixed(outcome.wallMicrosPerVerification, 2),
      ],
    ],
  );
}

/** Scenario 10b: the example service against itself without authentication, not against bare Yoga. */
function exampleServiceTable(results: BenchResults): string | undefined {
  const outcome = results.scenarios.exampleService;
  if (outcome?.status !== 'measured') return undefined;
  return table(
    [
      '10b. examples/reports-api `{ reports { id title } }`',
      'req/s',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      'without authentication req/s',
      'without authentication CPU µs/req',
      'ratio (req/s)',
      'ratio (CPU)',
    ],
    [
      [
        `protected by \`@latchkey/verify\`, ${whole(outcome.tokens)} rotating tokens`,
        ...measurementCells(outcome.scenario),
        whole(outcome.baseline.requestsPerSecond),
        whole(outcome.baseline.serverCpuMicrosPerRequest),
        `**${fixed(outcome.throughputRatio, 2)}** (${fixed(outcome.throughputRatioRange[0], 2)}–${fixed(outcome.throughputRatioRange[1], 2)})`,
        fixed(outcome.cpuRatio, 2),
      ],
    ],
  );
}

/** Scenarios 9b, 9c, 10c and 10d: how long a deleted key or revoked token keeps working after the API answered. */
function refusalDelaysTable(results: BenchResults): string | undefined {
  const { betterAuth, revokedTokenRefusal, verifierPropagation, postgresql } = results.scenarios;
  const outcomes: [string, Outcome<RefusalDelays> | undefined][] = [
    [
      '9b. Better Auth: key deleted (`/api/auth/api-key/delete`), refused by `verifyApiKey`',
      betterAuth?.status === 'measured' ? { status: 'measured', ...betterAuth.deletedKeyRefused } : undefined,
    ],
    ['9c. Latchkey: token revoked (`revokeToken`), inactive to introspection', revokedTokenRefusal],
    ['10c. Latchkey: token revoked, refused by a verifier streaming from the same server', verifierPropagation],
    [
      '10d. PostgreSQL: revoked on replica A, refused by a verifier streaming from B',
      postgresql.status === 'measured' ? postgresql.verifierPropagation : undefined,
    ],
  ];
  const rows = outcomes.flatMap(([label, outcome]) =>
    outcome?.status === 'measured'
      ? [
          [
            label,
            whole(outcome.samples),
            fixed(outcome.p50Ms, 1),
            fixed(outcome.p90Ms, 1),
            fixed(outcome.p99Ms, 1),
            fixed(outcome.maxMs, 1),
            whole(outcome.timedOut),
            fixed(outcome.removal.p50Ms, 1),
          ],
        ]
      : [],
  );
  if (rows.length === 0) return undefined;
  return table(
    [
      'Refused after the removal answered',
      'samples',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'timed out',
      'removal request p50 ms',
    ],
    rows,
  );
}

const latencies = (summary: LatencySummary) =>
  `p50 ${summary.p50Ms.toFixed(1)} ms, p90 ${summary.p90Ms.toFixed(1)} ms, ` +
  `p99 ${summary.p99Ms.toFixed(1)} ms, max ${summary.maxMs.toFixed(1)} ms`;

function targetsTable(results: BenchResults): string {
  const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? '✅ met' : '❌ missed');
  return table(
    ['Target', 'Wanted', 'Measured', 'Result'],
    checkTargets(results).map((check) => [check.scenario, check.target, check.measured, verdict(check.met)]),
    4,
  );
}

export function renderMarkdown(results: BenchResults): string {
  const { machine, settings } = results;
  const { postgresql } = results.scenarios;
  const postgresqlParts = postgresql.status === 'measured' ? postgresql : undefined;
  const propagation = postgresqlParts?.propagation.status === 'measured' ? postgresqlParts.propagation : undefined;
  const betterAuthParts =
    results.scenarios.betterAuth?.status === 'measured' ? results.scenarios.betterAuth : undefined;
  const notes = [
    outcomeNote('1', results.scenarios.viewerId),
    outcomeNote('1L', results.scenarios.viewerIdWithRequestLog),
    outcomeNote('2', results.scenarios.tokenPage),
    outcomeNote('3', results.scenarios.viewerIdLargeDatabase),
    outcomeNote('4', results.scenarios.tokenVerification),
    outcomeNote('5', results.scenarios.tokenLifecycle),
    outcomeNote('6 (PostgreSQL)', postgresql),
    postgresqlParts && outcomeNote('6a', postgresqlParts.viewerId),
    postgresqlParts && outcomeNote('6b', postgresqlParts.tokenPage),
    postgresqlParts && outcomeNote('6c', postgresqlParts.propagation),
    postgresqlParts?.refusedTokens && outcomeNote('6d', postgresqlParts.refusedTokens),
    results.scenarios.refusedTokens && outcomeNote('7', results.scenarios.refusedTokens),
    results.scenarios.serviceVerification && outcomeNote('8', results.scenarios.serviceVerification),
    results.scenarios.betterAuth && outcomeNote('9', results.scenarios.betterAuth),
    results.scenarios.revokedTokenRefusal && outcomeNote('9c', results.scenarios.revokedTokenRefusal),
    results.scenarios.verifierCacheHit && outcomeNote('10a', results.scenarios.verifierCacheHit),
    results.scenarios.exampleService && outcomeNote('10b', results.scenarios.exampleService),
    results.scenarios.verifierPropagation && outcomeNote('10c', results.scenarios.verifierPropagation),
    postgresqlParts?.verifierPropagation && outcomeNote('10d', postgresqlParts.verifierPropagation),
  ].filter((note) => typeof note === 'string');
  const large = results.scenarios.viewerIdLargeDatabase;
  return [
    `Command: \`${results.command}\` (scale \`${results.scale}\`), server at ${results.serverRevision}, ` +
      `started ${results.startedAt}, took ${Math.round(results.durationSeconds)} s.`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; ` +
      `load average ${machine.loadAverageAtStart.join(' / ')} at start, ${machine.loadAverageAtEnd.join(' / ')} at the end ` +
      '(a shared machine: compare ratios, not absolute numbers).',
    '',
    'Latchkey runs with its request log off (`LATCHKEY_LOG=off`), as quiet as bare Yoga, except in 1L. ' +
      `Load: autocannon, ${settings.connections} connections, no pipelining; per scenario ${settings.warmUpSeconds} s warm-up ` +
      `of each server, then ${settings.rounds} × ${settings.timedSeconds} s timed runs of each, alternating ABBA with bare Yoga. ` +
      'Ratio (req/s) is the scenario’s requests/s over bare Yoga’s, the median over back-to-back pairs of runs, ' +
      'with the lowest and highest pair in brackets; ratio (CPU) is bare Yoga’s CPU per request over the ' +
      'scenario’s, also a median. The other columns pool all timed runs.',
    '',
    httpTable(results),
    '',
    coreUseTable(results),
    '',
    verificationTable(results) ?? '',
    '',
    verifyPackageTable(results) ?? '',
    '',
    exampleServiceTable(results) ?? '',
    '',
    refusedTokensTable(results) ?? '',
    '',
    refusalDelaysTable(results) ?? '',
    '',
    betterAuthParts
      ? `Scenario 9 ran better-auth ${betterAuthParts.versions.betterAuth} with @better-auth/api-key ` +
        `${betterAuthParts.versions.apiKeyPlugin} on better-sqlite3, its rate limiting off.`
      : '',
    large.status === 'measured'
      ? `Scenario 3 seeded ${large.seededTokens.toLocaleString('en-US')} tokens in ${large.seedSeconds.toFixed(1)} s (outside the timed part).`
      : '',
    propagation
      ? `Revocation (PostgreSQL, 6c), while both replicas served ${propagation.load.responses.toLocaleString('en-US')} ` +
        `valid-token requests (${propagation.load.connections} connections, ${propagation.load.tokens} tokens): ` +
        `propagation from replica A's answer to B's first 401 ${latencies(propagation)}; ` +
        `revokeToken's own latency on A ${latencies(propagation.revoke)}; ` +
        `${propagation.samples} samples (${propagation.timedOut} timed out).`
      : '',
    '',
    targetsTable(results),
    '',
    ...notes,
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
