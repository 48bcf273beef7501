/**
 * `npm run bench`: measures the server's production build against a bare graphql-yoga server in the same run
 * and writes bench/results/latest.json and bench/results/latest.md, which bench/README.md explains and links to;
 * it writes no other file. BENCH_SCALE=tiny runs it all in about a minute; BENCH_RESULTS=<file.json> writes elsewhere.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDateFormatMatchesServer, seedTokens } from './database/sqlite-seed.js';
import { generateTokens, signUp, TOKEN_PAGE_QUERY, VIEWER_ID_QUERY } from './latchkey-api.js';
import { defaultResultsFile, serverEntryPoint } from './paths.js';
import { writeJsonFile } from './report/json-file.js';
import { describeMachine } from './report/machine.js';
import { markdownFileBeside, writeMarkdownBeside } from './report/render.js';
import { describeServerRevision } from './report/revision.js';
import type { AuthenticatedRead, BenchResults } from './results.js';
import { type Scale, scaleFromEnvironment } from './scale.js';
import { attempt } from './scenarios/attempt.js';
import { measureAuthenticatedRead } from './scenarios/authenticated-read.js';
import { measureBetterAuth } from './scenarios/better-auth.js';
import { measurePostgresql } from './scenarios/postgresql.js';
import { measureRefusedTokens, refusedTokenCount } from './scenarios/refused-tokens.js';
import { measureRevokedTokenRefusal, measureServiceVerification } from './scenarios/service-verification.js';
import { measureTokenLifecycle } from './scenarios/token-lifecycle.js';
import { measureTokenVerification } from './scenarios/token-verification.js';
import {
  measureExampleService,
  measureVerifierCacheHit,
  measureVerifierPropagation,
} from './scenarios/verifier-package.js';
import { type ServerProcess, startBareYoga, startLatchkey } from './servers/server-process.js';

const notRun = (reason: string) => ({ status: 'failed', reason }) as const;

/**
 * Scenarios 1 to 5, 7, 8, 9c and 10a–c, all on one SQLite file: the server is restarted on it once it holds a
 * million tokens.
 */
async function measureSqlite(scale: Scale, baseline: ServerProcess) {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-'));
  const databaseFile = path.join(directory, 'bench.db');
  const databaseUrl = `file:${databaseFile}`;
  let server = await startLatchkey({ databaseUrl });
  try {
    const cookie = await signUp(server.url, 'bench@bench.invalid');
    const pool = await generateTokens(server.url, cookie, scale.rotatingTokens, 'pool');
    const secrets = pool.map((token) => token.secret);
    const viewerId = await attempt('1. { viewer { id } } with rotating tokens', [server], () =>
      measureAuthenticatedRead(scale, baseline, server, VIEWER_ID_QUERY, secrets),
    );
    const viewerIdWithRequestLog = await attempt('1L. as 1, with the JSON request log on', [], async () => {
      // A second process on the same file: SQLite in WAL mode serves both.
      const logging = await startLatchkey({
        databaseUrl,
        label: 'Latchkey (request log on)',
        env: { LATCHKEY_LOG: 'json' },
      });
      try {
        return await measureAuthenticatedRead(scale, baseline, logging, VIEWER_ID_QUERY, secrets);
      } finally {
        await logging.stop();
      }
    });
    const tokenPage = await attempt('2. viewer.tokens(first: 20)', [server], () =>
      measureAuthenticatedRead(scale, baseline, server, TOKEN_PAGE_QUERY, secrets),
    );
    const tokenLifecycle = await attempt('5. generateToken throughput, revokeToken latency', [server], () =>
      measureTokenLifecycle(scale, server, cookie),
    );
    const refusedTokens = await attempt(
      '7. refused tokens (revoked, unknown) against valid ones',
      [server],
      async () => {
        const revocable = await generateTokens(server.url, cookie, refusedTokenCount(scale), 'refused');
        return measureRefusedTokens(scale, server, cookie, pool, revocable);
      },
    );
    await server.stop();

    console.log(`▶ seeding ${scale.seededTokens.toLocaleString('en-US')} tokens`);
    checkDateFormatMatchesServer(databaseFile);
    const seed = await seedTokens(databaseFile, {
      tokens: scale.seededTokens,
      tokensPerUser: scale.seededTokensPerUser,
      keptSecrets: scale.rotatingTokens + scale.verifier.missTokens,
      // As many of each kind as plain tokens rotate, so scenario 4's cache holds as many of each.
      controlledSecrets: scale.rotatingTokens,
    });
    const rotating = seed.secrets.slice(0, scale.rotatingTokens);
    const unused = seed.secrets.slice(scale.rotatingTokens);

    // A fresh process, so its peak RSS belongs to this scenario alone.
    server = await startLatchkey({ databaseUrl, label: 'Latchkey (1M tokens)' });
    const large = await attempt('3. as 1, with the seeded tokens', [server], async () => {
      const read: AuthenticatedRead = await measureAuthenticatedRead(
        scale,
        baseline,
        server,
        VIEWER_ID_QUERY,
        rotating,
      );
      return {
        ...read,
        seededTokens: scale.seededTokens,
        seedSeconds: seed.seconds,
        ratioToScenario1: viewerId.status === 'measured' ? read.throughputRatio / viewerId.throughputRatio : Number.NaN,
      };
    });
    const serviceKey = seed.reportsServiceKey;
    const serviceVerification = await attempt('8. introspection and forward auth, same database', [server], () =>
      measureServiceVerification(scale, baseline, server, rotating, serviceKey),
    );
    const revokedTokenRefusal = await attempt(
      '9c. Latchkey: revokeToken to introspection’s first active: false',
      [server],
      () => measureRevokedTokenRefusal(scale, server, cookie, serviceKey),
    );
    const verifierCacheHit = await attempt('10a. @latchkey/verify on a cache hit, in process', [server], () =>
      measureVerifierCacheHit(scale, server, rotating, serviceKey),
    );
    const exampleService = await attempt(
      '10b. examples/reports-api against itself without authentication',
      [server],
      () => measureExampleService(scale, server, rotating, serviceKey),
    );
    const verifierPropagation = await attempt('10c. revocation to a verifier streaming from the server', [server], () =>
      measureVerifierPropagation(scale, { revokeOn: server, streamFrom: server, cookie, serviceKey }),
    );
    await server.stop();

    const tokenVerification = await attempt('4. tokenVerifier.verify, in process', [], () =>
      measureTokenVerification(scale, databaseUrl, {
        miss: unused,
        hit: rotating,
        rateLimitedHit: seed.rateLimitedSecrets,
        allowlistedHit: seed.allowlistedSecrets,
      }),
    );
    return {
      viewerId,
      viewerIdWithRequestLog,
      tokenPage,
      viewerIdLargeDatabase: large,
      tokenVerification,
      tokenLifecycle,
      refusedTokens,
      serviceVerification,
      revokedTokenRefusal,
      verifierCacheHit,
      exampleService,
      verifierPropagation,
    };
  } finally {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const scale = scaleFromEnvironment();
  const resultsFile = path.resolve(process.env.BENCH_RESULTS ?? defaultResultsFile);
  if (!existsSync(serverEntryPoint)) {
    throw new Error(
      `No production build at ${serverEntryPoint}: run \`npx turbo run build --filter=@latchkey/server\``,
    );
  }
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg();
  const baseline = await startBareYoga();
  let results: BenchResults;
  try {
    const sqlite = await measureSqlite(scale, baseline).catch((error: unknown) => {
      const reason = `SQLite set-up failed: ${error instanceof Error ? error.message : String(error)}`;
      return {
        viewerId: notRun(reason),
        viewerIdWithRequestLog: notRun(reason),
        tokenPage: notRun(reason),
        viewerIdLargeDatabase: notRun(reason),
        tokenVerification: notRun(reason),
        tokenLifecycle: notRun(reason),
        refusedTokens: notRun(reason),
        serviceVerification: notRun(reason),
        revokedTokenRefusal: notRun(reason),
        verifierCacheHit: notRun(reason),
        exampleService: notRun(reason),
        verifierPropagation: notRun(reason),
      };
    });
    const betterAuth = await attempt('9. Better Auth with @better-auth/api-key, SQLite', [], () =>
      measureBetterAuth(scale, baseline),
    );
    console.log('▶ 6. PostgreSQL');
    const postgresql = await measurePostgresql(scale, baseline).catch((error: unknown) =>
      notRun(error instanceof Error ? error.message : String(error)),
    );
    if (postgresql.status !== 'measured') console.log(`  ${postgresql.status}: ${postgresql.reason}`);
    results = {
      command: scale.name === 'full' ? 'npm run bench' : `BENCH_SCALE=${scale.name} npm run bench`,
      scale: scale.name,
      serverRevision: describeServerRevision(),
      startedAt: startedAt.toISOString(),
      durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
      machine: describeMachine(loadAverageAtStart),
      settings: {
        connections: scale.connections,
        pipelining: 1,
        warmUpSeconds: scale.warmUpSeconds,
        timedSeconds: scale.timedSeconds,
        rounds: scale.rounds,
      },
      scenarios: { ...sqlite, betterAuth, postgresql },
    };
  } finally {
    await baseline.stop();
  }
  writeJsonFile(resultsFile, results);
  const markdown = writeMarkdownBeside(resultsFile, results);
  const written = [resultsFile, markdownFileBeside(resultsFile)].map((file) => path.relative(process.cwd(), file));
  console.log(`\n${markdown}\n\nWrote ${written.join(' and ')}`);
  const { postgresql } = results.scenarios;
  const outcomes = [
    ...Object.values(results.scenarios),
    ...(postgresql.status === 'measured'
      ? [
          postgresql.viewerId,
          postgresql.tokenPage,
          postgresql.propagation,
          postgresql.refusedTokens,
          postgresql.verifierPropagation,
        ]
      : []),
  ];
  const failed = outcomes.some((outcome) => outcome?.status === 'failed');
  return failed ? 1 : 0;
}

process.exitCode = await main();
