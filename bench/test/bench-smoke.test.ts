import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchDirectory, exampleServiceDirectory, repositoryRoot, serverEntryPoint } from '../src/paths.js';
import type { BenchResults } from '../src/results.js';

const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-smoke-'));
const resultsFile = path.join(directory, 'tiny.json');
let results: BenchResults;
let exitCode: number;
let output = '';
let rootReadmeBefore: string;

/** Every number in an object tree, with its path, so a NaN or a missing measurement names itself. */
function numbersIn(value: unknown, at = ''): [string, unknown][] {
  if (typeof value === 'number' || value === null) return [[at, value]];
  if (typeof value !== 'object' || value === undefined) return [];
  return Object.entries(value).flatMap(([key, item]) => numbersIn(item, `${at}.${key}`));
}

beforeAll(async () => {
  rootReadmeBefore = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
  // The example service's build brings @latchkey/verify's with it.
  if (!existsSync(serverEntryPoint) || !existsSync(path.join(exampleServiceDirectory, 'dist/main.js'))) {
    execFileSync(
      'npx',
      [
        'turbo',
        'run',
        'build',
        '--filter=@latchkey/server',
        '--filter=@latchkey/example-reports-api',
        '--output-logs=errors-only',
      ],
      { cwd: repositoryRoot, stdio: 'inherit' },
    );
  }
  try {
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: benchDirectory,
      env: { ...process.env, BENCH_SCALE: 'tiny', BENCH_RESULTS: resultsFile },
      maxBuffer: 16 * 1024 * 1024,
    });
    exitCode = 0;
    output = run.stdout + run.stderr;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    exitCode = failed.code ?? 1;
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  results = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the bench at tiny scale', () => {
  it('runs end to end and exits successfully', () => {
    expect(exitCode, output).toBe(0);
  });

  it('measures every SQLite scenario', () => {
    const { postgresql, ...sqlite } = results.scenarios;
    for (const [name, outcome] of Object.entries(sqlite)) {
      expect(outcome.status, `${name}: ${'reason' in outcome ? outcome.reason : ''}`).toBe('measured');
    }
  });

  it('gives every measured scenario finite numeric results', () => {
    for (const [name, outcome] of Object.entries(results.scenarios)) {
      if (outcome.status !== 'measured') continue;
      const numbers = numbersIn(outcome, name);
      expect(numbers.length).toBeGreaterThan(0);
      for (const [at, value] of numbers) expect(Number.isFinite(value), `${at} is ${value}`).toBe(true);
    }
  });

  it('measures each PostgreSQL part, or says why PostgreSQL was skipped', () => {
    const { postgresql } = results.scenarios;
    if (postgresql.status === 'skipped') {
      expect(postgresql.reason).not.toBe('');
      return;
    }
    expect(postgresql.status, 'reason' in postgresql ? postgresql.reason : '').toBe('measured');
    if (postgresql.status !== 'measured') return;
    for (const part of [
      postgresql.viewerId,
      postgresql.tokenPage,
      postgresql.propagation,
      postgresql.verifierPropagation ?? { status: 'failed', reason: '10d did not run' },
    ]) {
      expect(part.status, 'reason' in part ? part.reason : '').toBe('measured');
    }
  });

  it('revokes between replicas while both serve a valid-token load, timing the revokes', () => {
    const { postgresql } = results.scenarios;
    if (postgresql.status !== 'measured' || postgresql.propagation.status !== 'measured') return;
    const { load, revoke, samples } = postgresql.propagation;
    expect(load.responses).toBeGreaterThan(0);
    expect(samples).toBeGreaterThan(0);
    expect(revoke.p50Ms).toBeGreaterThan(0);
    expect(revoke.p99Ms).toBeGreaterThanOrEqual(revoke.p50Ms);
  });

  it('writes the markdown table beside the JSON', () => {
    const markdown = readFileSync(resultsFile.replace(/\.json$/, '.md'), 'utf8');
    expect(markdown).toMatch(/^\| Target +\| Wanted +\| Measured +\| Result +\|$/m);
  });

  it('leaves the root README.md as it was', () => {
    expect(readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8')).toBe(rootReadmeBefore);
  });
});
