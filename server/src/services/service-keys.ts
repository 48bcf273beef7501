import { serviceKeyShape } from '@latchkey/rules/secret-format';
import { type AuditActor, auditPerson, type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { liveServiceKeys, NeverStaleMemo } from '../caches.js';
import { type DirectReads, dateFromColumn, directReads } from '../database/direct-reads.js';
import { db, engine } from '../db.js';
import type { Prisma } from '../generated/prisma/client.js';
import { newId } from '../ids.js';
import { logEvent } from '../logging/logger.js';
import type { Catalogue } from '../permissions/catalogue.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { secretDigest, secretFormat } from '../tokens/format.js';
import { SERVICE_KEY_CHANNEL } from '../tokens/invalidation-channels.js';
import { LAST_USE_RESOLUTION_MS } from '../tokens/last-use.js';
import { tokenVerifier } from '../tokens/verification.js';

/** How one of the operator's services authenticates to Latchkey: `lksvc_`, 32 random and 6 checksum characters. */
export const serviceKeyFormat = secretFormat(serviceKeyShape.prefix);

/** A service key as it may be shown: everything but the digest. */
export interface ServiceKeySummary {
  id: string;
  serviceId: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The key a service presented, once verified. */
export interface VerifiedServiceKey {
  keyId: string;
  serviceId: string;
}

/** An expected refusal (unknown service or key, key already revoked); the message is written for the operator. */
export class ServiceKeyError extends Error {
  override name = 'ServiceKeyError';
}

/** Who mints or revokes a key: an administrator through the API, or the operator from the shell (`administrator` null). */
export interface ServiceKeyChanger {
  actor: AuditActor;
  administrator: { userId: string } | null;
  origin: RequestOrigin;
}

/** The operator at the shell (`npm run service-key`): no session, no token, no address, nobody's log. */
export const OPERATOR_AT_THE_SHELL: ServiceKeyChanger = {
  actor: { type: 'OPERATOR', id: null },
  administrator: null,
  origin: { ip: null, userAgent: null },
};

/** A revoke that found the key: `changed` is false when it was revoked already (nothing written or audited). */
export interface ServiceKeyRevocation {
  key: ServiceKeySummary;
  changed: boolean;
}

const summary = { id: true, serviceId: true, hint: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** Mints a key for one of the operator's services; the secret is returned here once and stored only as a digest. */
export async function createServiceKey(
  catalogue: Catalogue,
  serviceId: string,
  now: Date,
  by: ServiceKeyChanger = OPERATOR_AT_THE_SHELL,
): Promise<{ key: ServiceKeySummary; secret: string }> {
  if (serviceId === BUILT_IN_SERVICE_ID) {
    throw new ServiceKeyError(`"${BUILT_IN_SERVICE_ID}" is Latchkey itself; service keys are for your own services.`);
  }
  if (!catalogue.service(serviceId)) {
    const known = catalogue.services.map((service) => service.id).filter((id) => id !== BUILT_IN_SERVICE_ID);
    throw new ServiceKeyError(
      `No service "${serviceId}" in the catalogue; ${known.length > 0 ? `its services are: ${known.join(', ')}` : 'it declares no services'}.`,
    );
  }
  const secret = serviceKeyFormat.generate();
  const key = await db.$transaction(async (tx) => {
    const created = await tx.serviceKey.create({
      data: {
        id: newId(),
        serviceId,
        digest: secretDigest(secret),
        hint: serviceKeyFormat.hint(secret),
        createdAt: now,
      },
      select: summary,
    });
    await auditServiceKeyChange(tx, 'SERVICE_KEY_CREATED', created, by, now);
    return created;
  });
  return { key, secret };
}

/** Every key, oldest first, revoked ones included. */
export function listServiceKeys(): Promise<ServiceKeySummary[]> {
  return db.serviceKey.findMany({ select: summary, orderBy: { id: 'asc' } });
}

/**
 * Stops a key being accepted from the next verification on, on every replica, audited in the same transaction;
 * null when there is no such key. Revoking a revoked key changes nothing.
 */
export async function revokeServiceKeyIfLive(
  keyId: string,
  now: Date,
  by: ServiceKeyChanger,
): Promise<ServiceKeyRevocation | null> {
  const revocation = await db.$transaction(async (tx) => {
    const revoked = await tx.serviceKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: now } });
    const key = await tx.serviceKey.findUnique({ where: { id: keyId }, select: summary });
    if (!key) return null;
    if (revoked.count > 0) {
      await announceServiceKeyChanged(tx, keyId);
      await auditServiceKeyChange(tx, 'SERVICE_KEY_REVOKED', key, by, now);
    }
    return { key, changed: revoked.count > 0 };
  });
  liveKeys.forgetAll();
  return revocation;
}

/** Like revokeServiceKeyIfLive, for the shell: an unknown or already revoked key is an error. */
export async function revokeServiceKey(
  keyId: string,
  now: Date,
  by: ServiceKeyChanger = OPERATOR_AT_THE_SHELL,
): Promise<ServiceKeySummary> {
  const revocation = await revokeServiceKeyIfLive(keyId, now, by);
  if (!revocation) throw new ServiceKeyError(`No service key with id "${keyId}".`);
  if (!revocation.changed) throw new ServiceKeyError(`Service key "${keyId}" was already revoked.`);
  return revocation.key;
}

// In the acting administrator's log; the operator's shell writes a row in nobody's log (the key has no owner).
async function auditServiceKeyChange(
  tx: Prisma.TransactionClient,
  action: 'SERVICE_KEY_CREATED' | 'SERVICE_KEY_REVOKED',
  key: ServiceKeySummary,
  by: ServiceKeyChanger,
  at: Date,
): Promise<void> {
  const administrator = by.administrator ? await auditPerson(tx, by.administrator.userId) : null;
  await recordAuditEvent(tx, {
    userId: administrator?.userId ?? null,
    action,
    actor: by.actor,
    serviceKey: { serviceId: key.serviceId, hint: key.hint },
    administration: { administrator, subject: null },
    origin: by.origin,
    at,
  });
}

// A service presents the same key on every call; checking its shape and hashing it once is enough. Never
// stale: a string always has the same shape and digest.
const presentedKeyDigests = new NeverStaleMemo<string, string | null>(1000);

function digestOfWellFormedKey(presented: string): string | null {
  let digest = presentedKeyDigests.get(presented);
  if (digest === undefined) {
    digest = serviceKeyFormat.isWellFormed(presented) ? secretDigest(presented) : null;
    presentedKeyDigests.set(presented, digest);
  }
  return digest;
}

const LIVE_KEY_BY_DIGEST =
  'SELECT "id", "lastUsedAt" FROM "ServiceKey" WHERE "digest" = ? AND "serviceId" = ? AND "revokedAt" IS NULL';

/** How often a SQLite server looks for a commit by another process (a revoke from the shell). */
export const SQLITE_CHANGE_CHECK_MS = 50;

interface LiveKey {
  keyId: string;
  lastUsedAt: Date | null;
}

/**
 * Live keys by digest and service, so that a service's request reads nothing (liveServiceKeys in caches.ts says
 * when an entry goes stale).
 */
class LiveServiceKeys {
  readonly #keys = liveServiceKeys<LiveKey>();
  // A read that began before a forget must not keep what it read.
  #forgetCount = 0;
  #sqliteVersion: number | null = null;
  #sqliteChecks: NodeJS.Timeout | undefined;

  constructor(private readonly reads: DirectReads) {}

  /** Whether anything may be kept: on PostgreSQL only while the replica hears other processes' revokes. */
  get #keeping(): boolean {
    return this.reads.engine === 'sqlite' || tokenVerifier.caching;
  }

  get(digest: string, serviceId: string): LiveKey | undefined {
    if (!this.#keeping) return undefined;
    return this.#keys.get(`${serviceId}\u0000${digest}`);
  }

  keep(digest: string, serviceId: string, key: LiveKey, forgetCountAtRead: number): void {
    if (!this.#keeping || forgetCountAtRead !== this.#forgetCount) return;
    if (this.reads.engine === 'sqlite') this.#checkSqliteForChanges();
    this.#keys.set(`${serviceId}\u0000${digest}`, key);
  }

  get forgetCount(): number {
    return this.#forgetCount;
  }

  forgetAll(): void {
    this.#forgetCount++;
    this.#keys.clear();
  }

  #checkSqliteForChanges(): void {
    if (this.#sqliteChecks) return;
    this.#sqliteVersion = this.reads.dataVersion();
    this.#sqliteChecks = setInterval(() => {
      const version = this.reads.dataVersion();
      if (version !== this.#sqliteVersion) {
        this.#sqliteVersion = version;
        this.forgetAll();
      }
    }, SQLITE_CHANGE_CHECK_MS).unref();
  }
}

const liveKeys = new LiveServiceKeys(directReads);

/** Announces a service key change to every replica, so that none keeps the key (tokens/invalidation.ts). */
async function announceServiceKeyChanged(tx: Prisma.TransactionClient, keyId: string): Promise<void> {
  if (engine !== 'postgresql') return;
  await tx.$executeRaw`SELECT pg_notify(${SERVICE_KEY_CHANNEL}, ${keyId})`;
}

/** Drops every key kept in this process: another replica changed one (tokens/invalidation.ts). */
export function forgetLiveServiceKeys(): void {
  liveKeys.forgetAll();
}

/**
 * The key's record when `presented` is a live key of `serviceId`, else null, whatever was wrong with it. The key is
 * found by its digest, so no secret is ever compared as a string. Verification is on every service request's
 * path, so a live key is kept in memory; liveServiceKeys (caches.ts) says how a revoke reaches it.
 */
export async function verifyServiceKey(
  serviceId: string,
  presented: string,
  now: Date,
): Promise<VerifiedServiceKey | null> {
  const digest = digestOfWellFormedKey(presented);
  if (digest === null) return null;
  const key = liveKeys.get(digest, serviceId) ?? (await readLiveKey(digest, serviceId));
  if (!key) return null;
  if (key.lastUsedAt === null || now.getTime() - key.lastUsedAt.getTime() >= LAST_USE_RESOLUTION_MS) {
    key.lastUsedAt = now;
    await recordUse(key.keyId, now);
  }
  return { keyId: key.keyId, serviceId };
}

async function readLiveKey(digest: string, serviceId: string): Promise<LiveKey | null> {
  const forgetCount = liveKeys.forgetCount;
  const [row] = await directReads.rows(LIVE_KEY_BY_DIGEST, [digest, serviceId]);
  if (!row) return null;
  const [keyId, lastUsedAt] = row as [string, string | Date | null];
  const key = { keyId, lastUsedAt: lastUsedAt === null ? null : dateFromColumn(lastUsedAt) };
  liveKeys.keep(digest, serviceId, key, forgetCount);
  return key;
}

// Like tokens' last use: at most one write a minute per key (the condition keeps that across replicas), and a
// failed write costs last-use data, never the service's request.
async function recordUse(keyId: string, now: Date): Promise<void> {
  try {
    await db.serviceKey.updateMany({
      where: {
        id: keyId,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USE_RESOLUTION_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  } catch (error) {
    logEvent(
      'service_key_last_use_write_failed',
      { error: error instanceof Error ? error.message : 'unknown' },
      'error',
    );
  }
}
