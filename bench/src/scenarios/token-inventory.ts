import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  type InventorySeed,
  inventoryAddress,
  inventoryOwner,
  seedInventoryPostgresql,
  seedInventorySqlite,
} from '../database/inventory-seed.js';
import { createBenchDatabase } from '../database/postgresql-database.js';
import { bearer, generateToken, postGraphQL, signUp } from '../latchkey-api.js';
import { type ServerProcess, startLatchkey } from '../servers/server-process.js';

/** What the administration page asks for: a page of 50 with its count. */
export const INVENTORY_PAGE_QUERY = `query AdminTokens($filter: AdminTokenFilter, $orderBy: AdminTokenOrder, $after: String) {
  adminTokens(filter: $filter, orderBy: $orderBy, first: 50, after: $after) {
    totalCount
    totalCountIsLowerBound
    pageInfo { hasNextPage endCursor }
    edges { node { id ownerEmail name hint permissions { name } status createdAt createdFromAddress expiresAt lastUsedAt lastUsedService lastUsedIp revocationReason revocationMessage } }
  }
}`;

export interface InventoryPage {
  name: string;
  variables: Record<string, unknown>;
  /** From the end cursor of this page of the same query (a second page). */
  secondPage?: boolean;
  /** A known limit, measured to show it, not held to the target (docs/administration.md#the-token-inventory). */
  knownLimit?: boolean;
}

/** The pages timed, each on both engines: the first page, selective filters, broad filters, other orders. */
export const INVENTORY_PAGES: InventoryPage[] = [
  { name: 'first page (newest first)', variables: {} },
  { name: 'second page (newest first)', variables: {}, secondPage: true },
  { name: 'owner', variables: { filter: { ownerEmail: inventoryOwner(1234) } } },
  { name: 'created from an address', variables: { filter: { createdFromAddress: inventoryAddress(777) } } },
  { name: 'status ACTIVE, unused for 30 days', variables: { filter: { status: 'ACTIVE', unusedForDays: 30 } } },
  { name: 'status PENDING', variables: { filter: { status: 'PENDING' } } },
  { name: 'never used', variables: { filter: { neverUsed: true } } },
  { name: 'permission reports:read', variables: { filter: { permission: 'reports:read' } } },
  { name: 'service reports', variables: { filter: { service: 'reports' } } },
  {
    name: 'expiring within 7 days, soonest first',
    variables: { filter: { expiringWithinDays: 7 }, orderBy: { field: 'EXPIRES_AT', direction: 'ASC' } },
  },
  {
    name: 'last used, most recent first',
    variables: { orderBy: { field: 'LAST_USED_AT', direction: 'DESC' } },
  },
  {
    name: 'owner, by expiry',
    variables: { filter: { ownerEmail: inventoryOwner(4321) }, orderBy: { field: 'EXPIRES_AT', direction: 'DESC' } },
  },
  { name: 'status EXPIRED, newest first', variables: { filter: { status: 'EXPIRED' } }, knownLimit: true },
  { name: 'a permission 50 tokens hold', variables: { filter: { permission: 'reports:write' } } },
  { name: 'a permission no token holds', variables: { filter: { permission: 'admin:write' } } },
  { name: 'a service no token holds', variables: { filter: { service: 'billing' } } },
];

export interface InventoryTiming {
  name: string;
  knownLimit: boolean;
  /** Tokens on the page and the count it reported ("10000+" past the count's limit). */
  rows: number;
  totalCount: string;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface InventoryResults {
  engine: 'sqlite' | 'postgresql';
  tokens: number;
  accounts: number;
  seedSeconds: number;
  samples: number;
  pages: InventoryTiming[];
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function page(server: ServerProcess, secret: string, variables: Record<string, unknown>) {
  const response = await postGraphQL(server.url, INVENTORY_PAGE_QUERY, { variables, headers: bearer(secret) });
  const result = response.body?.data?.adminTokens;
  if (response.status !== 200 || response.body?.errors || !result) {
    throw new Error(`adminTokens answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  }
  return result as {
    totalCount: number;
    totalCountIsLowerBound: boolean;
    pageInfo: { endCursor: string | null };
    edges: unknown[];
  };
}

/**
 * Each page's response time, one request at a time on an otherwise idle server (so the time is the server's and
 * loopback's, never queueing), after `warmUp` untimed requests of the same page.
 */
async function timePages(server: ServerProcess, secret: string, samples: number, warmUp: number) {
  const timings: InventoryTiming[] = [];
  for (const { name, variables: asked, secondPage, knownLimit = false } of INVENTORY_PAGES) {
    let variables = asked;
    if (secondPage) variables = { ...asked, after: (await page(server, secret, asked)).pageInfo.endCursor };
    for (let index = 0; index < warmUp; index++) await page(server, secret, variables);
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof page>> | undefined;
    for (let index = 0; index < samples; index++) {
      const startedAt = performance.now();
      last = await page(server, secret, variables);
      times.push(performance.now() - startedAt);
    }
    times.sort((a, b) => a - b);
    timings.push({
      name,
      knownLimit,
      rows: last?.edges.length ?? 0,
      totalCount: `${last?.totalCount}${last?.totalCountIsLowerBound ? '+' : ''}`,
      p50Ms: quantile(times, 0.5),
      p95Ms: quantile(times, 0.95),
      maxMs: times.at(-1) ?? Number.NaN,
    });
    console.log(`  ${name}: p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms`);
  }
  return timings;
}

/** An administrator and their `admin:read` token, made through the API on a fresh database. */
async function administratorToken(databaseUrl: string, makeAdministrator: (email: string) => Promise<void>) {
  const server = await startLatchkey({ databaseUrl, label: 'Latchkey (set-up)' });
  try {
    const email = 'inventory-administrator@bench.invalid';
    const cookie = await signUp(server.url, email);
    await makeAdministrator(email);
    return (await generateToken(server.url, cookie, 'inventory bench', ['admin:read'])).secret;
  } finally {
    await server.stop();
  }
}

export interface InventoryBenchOptions {
  tokens: number;
  accounts: number;
  samples: number;
  warmUp: number;
}

/** The inventory on a fresh SQLite file holding `tokens` tokens. */
export async function measureInventorySqlite(options: InventoryBenchOptions): Promise<InventoryResults> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'latchkey-inventory-'));
  const databaseFile = path.join(directory, 'bench.db');
  const databaseUrl = `file:${databaseFile}`;
  try {
    const secret = await administratorToken(databaseUrl, async (email) => {
      const connection = new Database(databaseFile);
      connection.prepare('UPDATE "User" SET isAdministrator = 1 WHERE email = ?').run(email);
      connection.close();
    });
    const seed: InventorySeed = { tokens: options.tokens, accounts: options.accounts, now: new Date() };
    console.log(`▶ SQLite: seeding ${options.tokens.toLocaleString('en-US')} tokens`);
    const seedSeconds = seedInventorySqlite(databaseFile, seed);
    const server = await startLatchkey({ databaseUrl, label: 'Latchkey (inventory)' });
    try {
      const pages = await timePages(server, secret, options.samples, options.warmUp);
      return { engine: 'sqlite', ...options, seedSeconds, pages };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The same on a fresh PostgreSQL database; undefined when none is reachable. */
export async function measureInventoryPostgresql(
  options: InventoryBenchOptions,
): Promise<InventoryResults | undefined> {
  const database = await createBenchDatabase();
  if (!database) return undefined;
  try {
    const secret = await administratorToken(database.url, async (email) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query('UPDATE "User" SET "isAdministrator" = true WHERE email = $1', [email]);
      await client.end();
    });
    const seed: InventorySeed = { tokens: options.tokens, accounts: options.accounts, now: new Date() };
    console.log(`▶ PostgreSQL: seeding ${options.tokens.toLocaleString('en-US')} tokens`);
    const seedSeconds = await seedInventoryPostgresql(database.url, seed);
    const server = await startLatchkey({ databaseUrl: database.url, label: 'Latchkey (inventory, PostgreSQL)' });
    try {
      const pages = await timePages(server, secret, options.samples, options.warmUp);
      return { engine: 'postgresql', ...options, seedSeconds, pages };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
