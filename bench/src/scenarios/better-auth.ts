import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithBaseline } from '../load/compare.js';
import type { BetterAuthComparison } from '../results.js';
import type { Scale } from '../scale.js';
import { type ServerProcess, startBetterAuth } from '../servers/server-process.js';
import { baselineRequests } from './authenticated-read.js';
import { measureRefusalDelays, type RefusalSample } from './refusal-delay.js';

interface SeededKeys {
  /** The session cookie of the person owning every key, as `name=value`. */
  cookie: string;
  keys: { id: string; key: string }[];
}

/** The origin better-auth.mjs gives Better Auth as its base URL: its CSRF check wants it on cookie requests. */
const TRUSTED_ORIGIN = 'http://127.0.0.1';

/** The version of an installed package, from the package.json above its entry point (its exports hide it). */
function installedVersion(name: string): string {
  let directory = path.dirname(fileURLToPath(import.meta.resolve(name)));
  for (; directory !== path.dirname(directory); directory = path.dirname(directory)) {
    const manifest = path.join(directory, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name: found, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
    if (found === name) return version;
  }
  throw new Error(`No package.json of ${name} found`);
}

async function verifyStatus(server: ServerProcess, key: string): Promise<number> {
  const response = await fetch(`${new URL(server.url).origin}/verify`, { headers: { 'x-api-key': key } });
  await response.arrayBuffer();
  return response.status;
}

/** A key Better Auth verifies until it is deleted through its own HTTP API, as its owner would delete it. */
function deletionSample(server: ServerProcess, cookie: string, key: { id: string; key: string }): RefusalSample {
  return {
    accepted: async () => {
      const status = await verifyStatus(server, key.key);
      if (status !== 200 && status !== 401) throw new Error(`Better Auth's /verify answered ${status}`);
      return status === 200;
    },
    remove: async () => {
      const response = await fetch(`${new URL(server.url).origin}/api/auth/api-key/delete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, cookie },
        body: JSON.stringify({ keyId: key.id }),
      });
      const body = (await response.json()) as { success?: boolean };
      if (response.status !== 200 || body.success !== true) {
        throw new Error(`Better Auth's /api-key/delete answered ${response.status} ${JSON.stringify(body)}`);
      }
    },
  };
}

/**
 * Scenario 9: Better Auth 1.7 with `@better-auth/api-key` on SQLite (better-auth.mjs), its rate limiting off.
 * 9a: `GET /verify` with 1,000 rotating keys (each checked once first, so a refusal fails the scenario instead
 * of timing 401s), against bare Yoga. 9b: how long after its delete endpoint answers a deleted key is refused.
 */
export async function measureBetterAuth(scale: Scale, baseline: ServerProcess): Promise<BetterAuthComparison> {
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-better-auth-'));
  const seedFile = path.join(directory, 'keys.json');
  let server: ServerProcess | undefined;
  try {
    server = await startBetterAuth({
      databaseFile: path.join(directory, 'better-auth.db'),
      seedKeys: scale.rotatingTokens + scale.propagation.samples,
      seedFile,
    });
    const started = server;
    const seeded = JSON.parse(readFileSync(seedFile, 'utf8')) as SeededKeys;
    const rotating = seeded.keys.slice(0, scale.rotatingTokens);
    for (const { key } of rotating) {
      const status = await verifyStatus(started, key);
      if (status !== 200) throw new Error(`Better Auth refused a key it had just created: ${status}`);
    }
    const verification = await compareWithBaseline(
      scale,
      { server: baseline, requests: baselineRequests(baseline) },
      {
        server: started,
        requests: rotating.map(({ key }) => ({ method: 'GET', path: '/verify', headers: { 'x-api-key': key } })),
      },
    );
    const deletedKeyRefused = await measureRefusalDelays(
      scale,
      'Better Auth',
      seeded.keys.slice(scale.rotatingTokens).map((key) => deletionSample(started, seeded.cookie, key)),
    );
    return {
      versions: { betterAuth: installedVersion('better-auth'), apiKeyPlugin: installedVersion('@better-auth/api-key') },
      keys: rotating.length,
      verification,
      deletedKeyRefused,
    };
  } finally {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
