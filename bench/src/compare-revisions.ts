/**
 * `npm run compare -w @latchkey/bench -- <other checkout>/server [rounds] [--candidate=<dir>] [--scenario=1|2]`:
 * measures this checkout's server (or the candidate's) against another revision's build in the same minutes,
 * with the same rotating-token load, in place of bare Yoga.
 * "No slower than before" is then read from one ratio instead of two runs' ratios against a baseline that
 * itself moves between runs. Build the other revision first (`npm run build -w @latchkey/server` there).
 * Both servers share one SQLite file, so they answer from the same rows.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bearer, expectData, generateTokens, signUp, TOKEN_PAGE_QUERY, VIEWER_ID_QUERY } from './latchkey-api.js';
import { compareWithBaseline } from './load/compare.js';
import { scaleFromEnvironment } from './scale.js';
import { rotatingTokenRequests } from './scenarios/authenticated-read.js';
import { startLatchkey } from './servers/server-process.js';

const QUERIES = { '1. { viewer { id } }': VIEWER_ID_QUERY, '2. viewer.tokens(first: 20)': TOKEN_PAGE_QUERY };

async function main() {
  const otherServerDirectory = path.resolve(process.argv[2] ?? '');
  if (!existsSync(path.join(otherServerDirectory, 'dist/index.js'))) {
    throw new Error(`Pass the other checkout's built server directory (no dist/index.js in ${otherServerDirectory})`);
  }
  const scale = { ...scaleFromEnvironment(), rounds: Number(process.argv[3]?.match(/^\d+$/) ? process.argv[3] : 10) };
  const directory = mkdtempSync(path.join(os.tmpdir(), 'latchkey-compare-'));
  const databaseUrl = `file:${path.join(directory, 'compare.db')}`;
  const candidateDirectory = process.argv.find((argument) => argument.startsWith('--candidate='))?.slice(12);
  // Set-up runs in a server of its own, so neither measured one starts with a heap the other lacks.
  const setup = await startLatchkey({ databaseUrl, label: 'set-up', serverDirectory: candidateDirectory });
  const cookie = await signUp(setup.url, 'compare@bench.invalid');
  const secrets = (await generateTokens(setup.url, cookie, scale.rotatingTokens, 'pool')).map((t) => t.secret);
  // Each token's first use is recorded now, so neither measured server pays for those writes.
  for (const secret of secrets) await expectData(setup.url, VIEWER_ID_QUERY, bearer(secret));
  await setup.stop();
  const current = await startLatchkey({ databaseUrl, label: 'candidate', serverDirectory: candidateDirectory });
  const other = await startLatchkey({ databaseUrl, label: 'other revision', serverDirectory: otherServerDirectory });
  try {
    console.log(
      `| scenario | other µs/req | candidate µs/req | CPU ratio (other/candidate) | throughput ratio (candidate/other), range |`,
    );
    console.log('|---|---:|---:|---:|---|');
    const only = process.argv.find((argument) => argument.startsWith('--scenario='))?.slice(11);
    for (const [label, query] of Object.entries(QUERIES)) {
      if (only && !label.startsWith(`${only}.`)) continue;
      const comparison = await compareWithBaseline(
        scale,
        { server: other, requests: rotatingTokenRequests(other, query, secrets) },
        { server: current, requests: rotatingTokenRequests(current, query, secrets) },
      );
      const [low, high] = comparison.throughputRatioRange.map((ratio) => ratio.toFixed(2));
      console.log(
        `| ${label} | ${comparison.baseline.serverCpuMicrosPerRequest.toFixed(0)} | ` +
          `${comparison.scenario.serverCpuMicrosPerRequest.toFixed(0)} | ${comparison.cpuRatio.toFixed(2)} | ` +
          `${comparison.throughputRatio.toFixed(2)}, ${low}–${high} |`,
      );
    }
  } finally {
    await Promise.all([current.stop(), other.stop()]);
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
