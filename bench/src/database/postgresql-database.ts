import { randomBytes } from 'node:crypto';
import pg from 'pg';

const HOST = '127.0.0.1';
const PORT = 5432;
const CANDIDATE_USERS = ['postgres', 'root'];

export interface BenchDatabase {
  url: string;
  /** Process ids of the PostgreSQL backends connected to this database right now. */
  backendPids: () => Promise<number[]>;
  drop: () => Promise<void>;
}

async function adminClient(): Promise<pg.Client | undefined> {
  for (const user of CANDIDATE_USERS) {
    const client = new pg.Client({ host: HOST, port: PORT, user, database: 'test', connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      return client;
    } catch {
      await client.end().catch(() => undefined);
    }
  }
  return undefined;
}

/** A fresh database of our own on the local PostgreSQL, or undefined when none is reachable. */
export async function createBenchDatabase(): Promise<BenchDatabase | undefined> {
  const admin = await adminClient();
  if (!admin) return undefined;
  const name = `latchkey_bench_${randomBytes(6).toString('hex')}`;
  const user = admin.user ?? 'postgres';
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgresql://${user}@${HOST}:${PORT}/${name}`,
    backendPids: async () => {
      const client = await adminClient();
      if (!client) return [];
      try {
        const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
        return rows.map((row) => row.pid);
      } finally {
        await client.end();
      }
    },
    drop: async () => {
      const dropper = await adminClient();
      if (!dropper) return;
      try {
        // FORCE: a replica that was killed may still hold connections.
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
