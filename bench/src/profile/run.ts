/**
 * `npm run profile -w @latchkey/bench -- <scenario> [seconds] [--postgresql] [--server=<other checkout>/server]`: runs one scenario's load against a server started
 * with `node --cpu-prof`, then summarizes the profile (results/profiles/<scenario>.cpuprofile and .md).
 * Scenarios: viewer-id (1), token-page (2), generate-token (5), introspection and forward-auth (8), and bare-yoga for reference. Set-up (sign-up, tokens) happens in a separate
 * server process on the same database, so the profile holds start-up and the load only. `--server` profiles another
 * revision's build instead (written as <scenario>-other), for `src/profile/diff.ts` to set beside this one's.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AutocannonRequest } from 'autocannon';
import { createBenchDatabase } from '../database/postgresql-database.js';
import { seedTokens } from '../database/sqlite-seed.js';
import {
  bearer,
  expectData,
  GENERATE_TOKEN_MUTATION,
  generateTokens,
  graphqlBody,
  signUp,
  TOKEN_PAGE_QUERY,
  VIEWER_ID_QUERY,
} from '../latchkey-api.js';
import { jsonPost, runLoad } from '../load/run-load.js';
import { profilesDirectory } from '../paths.js';
import { baselineRequests, rotatingTokenRequests } from '../scenarios/authenticated-read.js';
import { forwardAuthRequests, introspectionRequests } from '../scenarios/service-verification.js';
import { type ServerProcess, startBareYoga, startLatchkey } from '../servers/server-process.js';
import type { CpuProfile } from './cpu-profile.js';
import { loadFileFor, type ProfiledLoad } from './profiled-load.js';
import { renderSummary, summarizeProfile } from './summarize.js';

const CONNECTIONS = 8;
const TOKENS = 1_000;

const SCENARIOS = ['viewer-id', 'token-page', 'generate-token', 'introspection', 'forward-auth', 'bare-yoga'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
const SERVICE_SCENARIOS: readonly ScenarioName[] = ['introspection', 'forward-auth'];

function requestsFor(
  scenario: ScenarioName,
  server: ServerProcess,
  secrets: string[],
  cookie: string,
  serviceKey: string,
) {
  if (scenario === 'bare-yoga') return baselineRequests(server);
  if (scenario === 'introspection') return introspectionRequests(secrets, serviceKey);
  if (scenario === 'forward-auth') return forwardAuthRequests(secrets, serviceKey);
  if (scenario === 'viewer-id') return rotatingTokenRequests(server, VIEWER_ID_QUERY, secrets);
  if (scenario === 'token-page') return rotatingTokenRequests(server, TOKEN_PAGE_QUERY, secrets);
  let counter = 0;
  const request: AutocannonRequest = {
    ...jsonPost(new URL(server.url).pathname, '', { cookie }),
    setupRequest: (base) => ({
      ...base,
      body: graphqlBody(GENERATE_TOKEN_MUTATION, { name: `profiled-${counter++}` }),
    }),
  };
  return [request];
}

async function main() {
  const scenario = (process.argv[2] ?? 'viewer-id') as ScenarioName;
  if (!SCENARIOS.includes(scenario)) throw new Error(`Unknown scenario ${scenario}: one of ${SCENARIOS.join(', ')}`);
  const seconds = Number(process.argv[3] ?? 15);
  const onPostgresql = process.argv.includes('--postgresql');
  const otherServerDirectory = process.argv
    .find((argument) => argument.startsWith('--server='))
    ?.slice('--server='.length);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'latchkey-profile-'));
  const postgresql = onPostgresql ? await createBenchDatabase() : undefined;
  if (onPostgresql && !postgresql) throw new Error('No PostgreSQL reachable at 127.0.0.1:5432');
  const databaseUrl = postgresql?.url ?? `file:${path.join(directory, 'profile.db')}`;
  const name = `${scenario}${onPostgresql ? '-postgresql' : ''}${otherServerDirectory ? '-other' : ''}`;
  try {
    const setup = await startLatchkey({ databaseUrl, label: 'Latchkey (set-up)' });
    const cookie = await signUp(setup.url, 'profile@bench.invalid');
    let secrets = (await generateTokens(setup.url, cookie, TOKENS, 'pool')).map((token) => token.secret);
    // Records each token's first use now, so the profiled minute shows steady state, not 1,000 first-use writes.
    for (const secret of secrets) await expectData(setup.url, VIEWER_ID_QUERY, bearer(secret));
    await setup.stop();
    let serviceKey = '';
    if (SERVICE_SCENARIOS.includes(scenario)) {
      if (onPostgresql) throw new Error(`${scenario} is profiled on SQLite only`);
      // Tokens holding reports:read, and the reports service's key, as scenario 8 seeds them.
      const seed = await seedTokens(databaseUrl.slice('file:'.length), {
        tokens: 10 * TOKENS,
        tokensPerUser: 10,
        keptSecrets: TOKENS,
      });
      secrets = seed.secrets;
      serviceKey = seed.reportsServiceKey;
    }

    const profiling = ['--cpu-prof', `--cpu-prof-dir=${directory}`];
    const server =
      scenario === 'bare-yoga'
        ? await startBareYoga(profiling)
        : await startLatchkey({
            databaseUrl,
            label: 'Latchkey (profiled)',
            nodeArguments: profiling,
            serverDirectory: otherServerDirectory,
          });
    const run = await runLoad({
      url: server.url,
      serverPid: server.pid,
      connections: CONNECTIONS,
      durationSeconds: seconds,
      requests: requestsFor(scenario, server, secrets, cookie, serviceKey),
    });
    await server.stop();

    const written = readdirSync(directory).find((file) => file.endsWith('.cpuprofile'));
    if (!written) throw new Error(`The server wrote no .cpuprofile into ${directory}`);
    mkdirSync(profilesDirectory, { recursive: true });
    const profileFile = path.join(profilesDirectory, `${name}.cpuprofile`);
    renameSync(path.join(directory, written), profileFile);
    const cpuMicrosPerRequest = run.serverCpuMicros / run.responses;
    const summary = summarizeProfile(JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile, {
      cpuMicrosPerRequest,
    });
    const title =
      `Profile of scenario ${name}: ${run.responses} requests in ${run.seconds.toFixed(1)} s, ` +
      `${CONNECTIONS} connections, ${Math.round(cpuMicrosPerRequest)} µs server CPU per request`;
    const markdown = renderSummary(summary, title);
    writeFileSync(profileFile.replace(/\.cpuprofile$/, '.md'), `${markdown}\n`);
    const load: ProfiledLoad = { scenario: name, requests: run.responses, seconds: run.seconds, cpuMicrosPerRequest };
    writeFileSync(loadFileFor(profileFile), `${JSON.stringify(load, null, 2)}\n`);
    console.log(`${markdown}\n\nWrote ${path.relative(process.cwd(), profileFile)}, its .md summary and .load.json`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
    await postgresql?.drop();
  }
}

await main();
