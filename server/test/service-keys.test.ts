import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { db } from '../src/db.js';
import { loadCatalogue } from '../src/permissions/catalogue.js';
import {
  createServiceKey,
  listServiceKeys,
  revokeServiceKey,
  ServiceKeyError,
  serviceKeyFormat,
  verifyServiceKey,
} from '../src/services/service-keys.js';
import { generateTokenSecret, isWellFormedToken } from '../src/tokens/format.js';
import { listenForTokenInvalidations } from '../src/tokens/invalidation.js';
import { testDatabaseUrl, testEngine } from './support/database.js';
import { createPostgresqlDatabase } from './support/postgresql.js';
import { recordQueries } from './support/query-recorder.js';

const catalogueFile = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-service-keys-')), 'latchkey.config.json');
writeFileSync(
  catalogueFile,
  JSON.stringify({
    services: [
      { id: 'reports', name: 'Reports', permissions: [{ name: 'reports:read', description: 'Read reports.' }] },
      { id: 'billing', name: 'Billing', permissions: [{ name: 'billing:read', description: 'Read invoices.' }] },
    ],
  }),
);
const catalogue = loadCatalogue(catalogueFile);
const now = new Date('2026-01-15T12:00:00.000Z');
const secondsLater = (seconds: number) => new Date(now.getTime() + seconds * 1000);

const KEY_PATTERN = /lksvc_[0-9A-Za-z]{38}/g;

function changedAt(secret: string, position: number): string {
  const replacement = secret[position] === 'a' ? 'b' : 'a';
  return secret.slice(0, position) + replacement + secret.slice(position + 1);
}

describe('service key format', () => {
  it('is lksvc_ followed by 32 random and 6 checksum base62 characters, like a personal access token', () => {
    const secret = serviceKeyFormat.generate();
    expect(secret).toMatch(/^lksvc_[0-9A-Za-z]{38}$/);
    expect(serviceKeyFormat.length).toBe(44);
    expect(serviceKeyFormat.isWellFormed(secret)).toBe(true);
    expect(serviceKeyFormat.hint(secret)).toBe(`lksvc_…${secret.slice(-4)}`);
  });

  it('never takes a personal access token for a service key, nor the other way round', () => {
    expect(serviceKeyFormat.isWellFormed(generateTokenSecret())).toBe(false);
    expect(isWellFormedToken(serviceKeyFormat.generate())).toBe(false);
  });

  it('refuses a key with any one character changed without asking the database', async () => {
    const { secret } = await createServiceKey(catalogue, 'reports', now);
    const statements = await recordQueries(async () => {
      for (let position = 'lksvc_'.length; position < secret.length; position++) {
        expect(await verifyServiceKey('reports', changedAt(secret, position), now), `changed at ${position}`).toBe(
          null,
        );
      }
    });
    expect(statements).toEqual([]);
  });
});

describe('service keys', () => {
  it('stores only a SHA-256 digest and a hint: the secret is nowhere in the row', async () => {
    const { key, secret } = await createServiceKey(catalogue, 'reports', now);
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT * FROM "ServiceKey" WHERE "id" = '${key.id}'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.digest).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(rows[0]?.hint).toBe(`lksvc_…${secret.slice(-4)}`);
    expect(JSON.stringify(rows)).not.toContain(secret.slice('lksvc_'.length, -4));
  });

  it('verifies a key for its own service and answers null alike for every key it refuses', async () => {
    const { key, secret } = await createServiceKey(catalogue, 'reports', now);
    const revoked = await createServiceKey(catalogue, 'reports', now);
    await revokeServiceKey(revoked.key.id, now);
    const billing = await createServiceKey(catalogue, 'billing', now);

    expect(await verifyServiceKey('reports', secret, now)).toEqual({ keyId: key.id, serviceId: 'reports' });
    const refusals = {
      malformed: await verifyServiceKey('reports', 'lksvc_not-a-key', now),
      wrongChecksum: await verifyServiceKey('reports', changedAt(secret, secret.length - 1), now),
      unknown: await verifyServiceKey('reports', serviceKeyFormat.generate(), now),
      revoked: await verifyServiceKey('reports', revoked.secret, now),
      anotherServicesKey: await verifyServiceKey('reports', billing.secret, now),
      forAnotherService: await verifyServiceKey('billing', secret, now),
      personalAccessToken: await verifyServiceKey('reports', generateTokenSecret(), now),
      empty: await verifyServiceKey('reports', '', now),
    };
    expect(refusals).toEqual({
      malformed: null,
      wrongChecksum: null,
      unknown: null,
      revoked: null,
      anotherServicesKey: null,
      forAnotherService: null,
      personalAccessToken: null,
      empty: null,
    });
  });

  it('refuses a key from the very next verification once it is revoked', async () => {
    const { key, secret } = await createServiceKey(catalogue, 'reports', now);
    expect(await verifyServiceKey('reports', secret, now)).not.toBe(null);
    const revoked = await revokeServiceKey(key.id, secondsLater(1));
    expect(revoked.revokedAt).toEqual(secondsLater(1));
    expect(await verifyServiceKey('reports', secret, secondsLater(1))).toBe(null);
  });

  it('records when a key was last used, at most once a minute', async () => {
    const { key, secret } = await createServiceKey(catalogue, 'reports', now);
    const lastUsedAt = async () => (await listServiceKeys()).find((listed) => listed.id === key.id)?.lastUsedAt;
    expect(await lastUsedAt()).toBe(null);
    await verifyServiceKey('reports', secret, secondsLater(10));
    await verifyServiceKey('reports', secret, secondsLater(40));
    expect(await lastUsedAt()).toEqual(secondsLater(10));
    await verifyServiceKey('reports', secret, secondsLater(70));
    expect(await lastUsedAt()).toEqual(secondsLater(70));
  });

  it('refuses to mint keys for Latchkey itself or for a service not in the catalogue, and stores nothing', async () => {
    const before = await db.serviceKey.count();
    await expect(createServiceKey(catalogue, 'latchkey', now)).rejects.toThrow(
      new ServiceKeyError('"latchkey" is Latchkey itself; service keys are for your own services.'),
    );
    await expect(createServiceKey(catalogue, 'nope', now)).rejects.toThrow(
      new ServiceKeyError('No service "nope" in the catalogue; its services are: reports, billing.'),
    );
    expect(await db.serviceKey.count()).toBe(before);
  });

  it('says so when the key to revoke does not exist or was revoked already', async () => {
    const { key } = await createServiceKey(catalogue, 'reports', now);
    await revokeServiceKey(key.id, now);
    await expect(revokeServiceKey(key.id, secondsLater(5))).rejects.toThrow(
      new ServiceKeyError(`Service key "${key.id}" was already revoked.`),
    );
    await expect(revokeServiceKey('0000000000000nope', now)).rejects.toThrow(
      new ServiceKeyError('No service key with id "0000000000000nope".'),
    );
    expect((await listServiceKeys()).find((listed) => listed.id === key.id)?.revokedAt).toEqual(now);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function serviceKeyCommand(args: string[], databaseUrl = testDatabaseUrl): Promise<Run> {
  const script = path.join(repositoryRoot, 'server/scripts/service-key.ts');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { cwd: repositoryRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LATCHKEY_CONFIG: catalogueFile } },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
    );
  });
}

describe('npm run service-key', () => {
  it('creates a key, prints it once, and the key verifies for its service', async () => {
    const created = await serviceKeyCommand(['create', 'reports']);
    expect(created.code, created.stderr).toBe(0);
    const printed = `${created.stdout}${created.stderr}`.match(KEY_PATTERN) ?? [];
    expect(printed).toHaveLength(1);
    expect(created.stdout).toContain('it will not be shown again');
    const secret = printed[0] as string;
    expect(await verifyServiceKey('reports', secret, now)).toMatchObject({ serviceId: 'reports' });
  });

  it('lists keys with their hints but never a secret, then revokes one', async () => {
    const { key, secret } = await createServiceKey(catalogue, 'billing', now);
    const listed = await serviceKeyCommand(['list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^ID +SERVICE +KEY +CREATED +LAST USED +REVOKED$/m);
    expect(listed.stdout).toMatch(
      new RegExp(`^${key.id} +billing +lksvc_…${secret.slice(-4)} +2026-01-15T12:00:00Z +never +-$`, 'm'),
    );
    expect(listed.stdout).not.toMatch(KEY_PATTERN);

    const revoked = await serviceKeyCommand(['revoke', key.id]);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect(revoked.stdout).toContain(`Revoked service key ${key.id}`);
    expect(await verifyServiceKey('billing', secret, now)).toBe(null);
    expect((await serviceKeyCommand(['list'])).stdout).toMatch(
      new RegExp(`^${key.id} .* \\d{4}-\\d{2}-\\d{2}T\\S+Z$`, 'm'),
    );
  });

  it('reaches a running server that keeps the key: refused once the server hears of the commit', async () => {
    // On PostgreSQL the revoke's NOTIFY reaches the server's listener; on SQLite the server sees the commit move
    // data_version.
    const listener = testEngine === 'postgresql' ? await listenForTokenInvalidations(testDatabaseUrl) : undefined;
    try {
      const { key, secret } = await createServiceKey(catalogue, 'reports', now);
      expect(await verifyServiceKey('reports', secret, now)).not.toBe(null);
      // Kept: the next verification reads nothing.
      expect(await recordQueries(() => verifyServiceKey('reports', secret, now))).toEqual([]);
      expect(await serviceKeyCommand(['revoke', key.id])).toMatchObject({ code: 0, stderr: '' });
      const deadline = Date.now() + 5000;
      while ((await verifyServiceKey('reports', secret, now)) !== null && Date.now() < deadline) {
        await delay(10);
      }
      expect(await verifyServiceKey('reports', secret, now)).toBe(null);
    } finally {
      await listener?.close();
    }
  });

  it('exits 1 with one clear line for an unknown service or key, and changes nothing', async () => {
    const before = await db.serviceKey.findMany({ orderBy: { id: 'asc' } });
    expect(await serviceKeyCommand(['create', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'No service "nope" in the catalogue; its services are: reports, billing.\n',
    });
    expect(await serviceKeyCommand(['create', 'latchkey'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '"latchkey" is Latchkey itself; service keys are for your own services.\n',
    });
    expect(await serviceKeyCommand(['revoke', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'No service key with id "nope".\n',
    });
    expect(await db.serviceKey.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('exits 2 with the usage for a missing command or argument', async () => {
    const before = await db.serviceKey.count();
    for (const args of [[], ['create'], ['revoke'], ['rotate', 'reports'], ['create', 'reports', 'billing']]) {
      const run = await serviceKeyCommand(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Usage: npm run service-key -- <command>');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
    expect(await db.serviceKey.count()).toBe(before);
  });

  it('brings a fresh database up to date before using it', async () => {
    const fresh =
      testEngine === 'postgresql'
        ? await createPostgresqlDatabase()
        : {
            url: `file:${path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-fresh-')), 'latchkey.db')}`,
            drop: async () => {},
          };
    try {
      const run = await serviceKeyCommand(['list'], fresh.url);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^Applied migrations: 0001_init, /);
      expect(run.stdout).toBe('No service keys yet. Create one with: npm run service-key -- create <service-id>\n');
    } finally {
      await fresh.drop();
    }
  });
});
