import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../src/load/compare.js';
import { defaultResultsFile } from '../src/paths.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { checkTargets } from '../src/report/targets.js';
import type { BenchResults, RefusalDelays } from '../src/results.js';

// The committed run without issue 14's scenarios, as a run from before it reads; each test adds the ones it is about.
const before14 = JSON.parse(readFileSync(defaultResultsFile, 'utf8')) as BenchResults;
for (const scenario of [
  'betterAuth',
  'revokedTokenRefusal',
  'verifierCacheHit',
  'exampleService',
  'verifierPropagation',
] as const) {
  delete before14.scenarios[scenario];
}
if (before14.scenarios.postgresql.status === 'measured') delete before14.scenarios.postgresql.verifierPropagation;
const { serviceVerification, postgresql } = before14.scenarios;
if (serviceVerification?.status !== 'measured' || postgresql.status !== 'measured') {
  throw new Error('The committed results should hold scenarios 8 and 6');
}
const comparison: Comparison = serviceVerification.forwardAuth;

const delays = (p99Ms: number, timedOut = 0): RefusalDelays => ({
  samples: 200,
  timedOut,
  p50Ms: 1.5,
  p90Ms: 3,
  p99Ms,
  maxMs: p99Ms + 1,
  removal: { p50Ms: 4, p90Ms: 6, p99Ms: 9, maxMs: 12 },
});

function withIssue14(options: { hitMicros: number; exampleRatio: number; sqliteP99: number; timedOut?: number }) {
  const results: BenchResults = structuredClone(before14);
  results.scenarios.betterAuth = {
    status: 'measured',
    versions: { betterAuth: '1.7.5', apiKeyPlugin: '1.7.5' },
    keys: 1000,
    verification: { ...comparison, throughputRatio: 0.21 },
    deletedKeyRefused: delays(2),
  };
  results.scenarios.revokedTokenRefusal = { status: 'measured', ...delays(1) };
  results.scenarios.verifierCacheHit = {
    status: 'measured',
    tokens: 1000,
    verifications: 200_000,
    cpuMicrosPerVerification: options.hitMicros,
    wallMicrosPerVerification: options.hitMicros,
  };
  results.scenarios.exampleService = {
    status: 'measured',
    ...comparison,
    throughputRatio: options.exampleRatio,
    tokens: 1000,
  };
  results.scenarios.verifierPropagation = { status: 'measured', ...delays(options.sqliteP99, options.timedOut) };
  if (results.scenarios.postgresql.status === 'measured') {
    results.scenarios.postgresql.verifierPropagation = { status: 'failed', reason: 'no stream on replica B' };
  }
  return results;
}

/** The lines of the markdown table whose header line starts with `header`. */
function tableStartingWith(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(header));
  if (start === -1) throw new Error(`no table ${header}`);
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
  return lines.slice(start, end === -1 ? undefined : end);
}

const verdictOf = (results: BenchResults, scenario: string) => {
  const check = checkTargets(results).find((target) => target.scenario.startsWith(scenario));
  if (!check) throw new Error(`no target for ${scenario}`);
  return check;
};

describe("issue 14's targets", () => {
  it('are met by a cache hit of at most 2 µs, 0.9× the unauthenticated service and a p99 under 100 ms', () => {
    const results = withIssue14({ hitMicros: 1.2, exampleRatio: 0.93, sqliteP99: 40 });
    expect(verdictOf(results, '10a.')).toEqual({
      scenario: '10a. @latchkey/verify, cache hit',
      target: '≤ 2 µs CPU',
      measured: '1.20 µs',
      met: true,
    });
    expect(verdictOf(results, '10b.')).toMatchObject({ measured: '0.93×', met: true });
    expect(verdictOf(results, '10c.')).toMatchObject({ measured: 'p99 40.0 ms (p50 1.5 ms, 200 samples)', met: true });
  });

  it('are missed above the bounds, and by a propagation sample that timed out whatever the p99', () => {
    const results = withIssue14({ hitMicros: 2.5, exampleRatio: 0.85, sqliteP99: 40, timedOut: 1 });
    expect(verdictOf(results, '10a.').met).toBe(false);
    expect(verdictOf(results, '10b.').met).toBe(false);
    expect(verdictOf(results, '10c.')).toMatchObject({
      measured: 'p99 ≥ 40.0 ms (p50 1.5 ms, 200 samples)',
      met: false,
    });
  });

  it('read as not measured when the run failed them or came before issue 14', () => {
    expect(verdictOf(withIssue14({ hitMicros: 1, exampleRatio: 1, sqliteP99: 1 }), '10d.').met).toBeUndefined();
    for (const scenario of ['10a.', '10b.', '10c.', '10d.']) {
      expect(verdictOf(before14, scenario)).toMatchObject({ measured: 'not measured', met: undefined });
    }
  });
});

describe('the results markdown, with issue 14', () => {
  const markdown = renderMarkdown(withIssue14({ hitMicros: 1.2, exampleRatio: 0.93, sqliteP99: 40 }));

  it('shows Better Auth against bare Yoga beside introspection and forward auth', () => {
    expect(markdown).toMatch(
      /^\| 8b\. .*\n\| 9a\. Better Auth `verifyApiKey` \(`GET \/verify`\), 1,000 rotating keys .*\*\*0\.21\*\*/m,
    );
    expect(markdown).toContain('Scenario 9 ran better-auth 1.7.5 with @better-auth/api-key 1.7.5');
  });

  it('sets how long a deleted key keeps working in Better Auth beside how long a revoked token does in Latchkey', () => {
    const rows = tableStartingWith(markdown, '| Refused after the removal answered').slice(2);
    expect(rows.map((row) => row.split('|')[1]?.trim().split(' ')[0])).toEqual(['9b.', '9c.', '10c.']);
    expect(rows[0]).toMatch(
      /^\| 9b\. Better Auth: key deleted .*\| +200 \| +1\.5 \| +3\.0 \| +2\.0 \| +3\.0 \| +0 \| +4\.0 \|$/,
    );
  });

  it('compares the example service with its unauthenticated twin, not with bare Yoga', () => {
    expect(markdown).toMatch(/^\| 10b\. examples\/reports-api .*\| without authentication req\/s \|/m);
    expect(markdown).toMatch(/^\| protected by `@latchkey\/verify`, 1,000 rotating tokens .*\*\*0\.93\*\*/m);
  });

  it('says why a part of issue 14 was not measured', () => {
    expect(markdown).toContain('- 10d: **failed**: no stream on replica B');
  });
});
