import { type DirectReads, dateFromColumn, directReads } from '../database/direct-reads.js';
import { db } from '../db.js';
import { newId } from '../ids.js';
import { logEvent } from '../logging/logger.js';
import type { Catalogue } from '../permissions/catalogue.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { secretDigest, secretFormat } from '../tokens/format.js';
import { LAST_USE_RESOLUTION_MS } from '../tokens/last-use.js';

/** How one of the operator's services authenticates to Latchkey: `lksvc_`, 32 random and 6 checksum characters. */
export const serviceKeyFormat = secretFormat('lksvc_');

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

const summary = { id: true, serviceId: true, hint: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** Mints a key for one of the operator's services; the secret is returned here once and stored only as a digest. */
export async function createServiceKey(
  catalogue: Catalogue,
  serviceId: string,
  now: Date,
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
  const key = await db.serviceKey.create({
    data: {
      id: newId(),
      serviceId,
      digest: secretDigest(secret),
      hint: serviceKeyFormat.hint(secret),
      createdAt: now,
    },
    select: summary,
  });
  return { key, secret };
}

/** Every key, oldest first, revoked ones included. */
export function listServiceKeys(): Promise<ServiceKeySummary[]> {
  return db.serviceKey.findMany({ select: summary, orderBy: { id: 'asc' } });
}

/** Stops a key being accepted from the next verification on. */
export async function revokeServiceKey(keyId: string, now: Date): Promise<ServiceKeySummary> {
  const { count } = await db.serviceKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: now } });
  const key = await db.serviceKey.findUnique({ where: { id: keyId }, select: summary });
  if (!key) throw new ServiceKeyError(`No service key with id "${keyId}".`);
  if (count === 0) throw new ServiceKeyError(`Service key "${keyId}" was already revoked.`);
  return key;
}

const LIVE_KEY_BY_DIGEST =
  'SELECT "id", "lastUsedAt" FROM "ServiceKey" WHERE "digest" = ? AND "serviceId" = ? AND "revokedAt" IS NULL';

/**
 * The key's record when `presented` is a live key of `serviceId`, else null, whatever was wrong with it. The key is
 * found by its digest, so no secret is ever compared as a string. Read directly, as verification is on every
 * service request's path: on SQLite the answer is kept until anything commits (so a revoke from the shell counts
 * at once), on PostgreSQL it is one indexed read.
 */
export async function verifyServiceKey(
  serviceId: string,
  presented: string,
  now: Date,
  reads: DirectReads = directReads,
): Promise<VerifiedServiceKey | null> {
  if (!serviceKeyFormat.isWellFormed(presented)) return null;
  const [row] = await reads.unchangedRows(LIVE_KEY_BY_DIGEST, [secretDigest(presented), serviceId]);
  if (!row) return null;
  const [keyId, lastUsedAt] = row as [string, string | Date | null];
  if (lastUsedAt === null || now.getTime() - dateFromColumn(lastUsedAt).getTime() >= LAST_USE_RESOLUTION_MS) {
    await recordUse(keyId, now);
  }
  return { keyId, serviceId };
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
    logEvent('service_key_last_use_write_failed', { error: error instanceof Error ? error.message : 'unknown' });
  }
}
