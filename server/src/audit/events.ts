import { directReads } from '../database/direct-reads.js';
import { engine } from '../db.js';
import type { ActorType, AuditAction, Prisma, RotationOverlap } from '../generated/prisma/client.js';
import { newId } from '../ids.js';

export interface AuditActor {
  type: ActorType;
  id: string | null;
}

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** A person as an administrative event names them: their id, and their email at the time. */
export interface AuditPerson {
  userId: string;
  email: string;
}

/** The person with `userId` as an administrative event names them: with their email as it is now. */
export async function auditPerson(tx: Prisma.TransactionClient, userId: string): Promise<AuditPerson> {
  const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  return { userId, email };
}

/** One field an edit changed, as the audit log keeps it: never a secret. */
export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface AuditEventInput {
  userId: string | null;
  action: AuditAction;
  actor: AuditActor;
  token?: { id: string; name: string };
  /** For TOKEN_ROTATED. */
  rotationOverlap?: RotationOverlap;
  changes?: AuditChange[];
  /** For TOKEN_REFUSED_ADDRESS: how many requests from `origin.ip` it stands for. */
  refusedCount?: number;
  /** For administrative events: who acted (null from the shell) and to whom (null when to no person, as a service key). */
  administration?: { administrator: AuditPerson | null; subject: AuditPerson | null };
  /** For administrative events: the administrator's message (a lock's reason, a decision's, a bulk revocation's). */
  message?: string | null;
  /** For TOKENS_REVOKED_IN_BULK: how many tokens it revoked. */
  count?: number;
  /** For SERVICE_KEY_CREATED and SERVICE_KEY_REVOKED: which key, by its service and hint; never its secret. */
  serviceKey?: { serviceId: string; hint: string };
  origin: RequestOrigin;
  at: Date;
}

/** The User-Agent as audited: its first 512 characters. */
export function auditedUserAgent(origin: RequestOrigin): string | null {
  return origin.userAgent?.slice(0, 512) ?? null;
}

export function recordAuditEvent(tx: Prisma.TransactionClient, event: AuditEventInput) {
  return tx.auditEvent.create({ data: auditEventRow(event) });
}

/**
 * Many events in one statement (a bulk revocation's, a batch at a time): the rows `recordAuditEvent` writes, as one
 * JSON parameter. Prisma's createMany would split them into statements of at most 999 parameters on SQLite, about
 * 50 rows each, and took most of a bulk revocation's time.
 */
export async function recordAuditEvents(tx: Prisma.TransactionClient, events: readonly AuditEventInput[]) {
  const rows = events.map((event) => {
    const row = auditEventRow(event);
    return { ...row, createdAt: directReads.dateParameter(row.createdAt) };
  });
  const [first] = rows;
  if (!first) return;
  if (engine === 'postgresql') {
    await tx.$executeRaw`INSERT INTO "AuditEvent"
      SELECT * FROM json_populate_recordset(NULL::"AuditEvent", ${JSON.stringify(rows)}::json)`;
    return;
  }
  const columns = Object.keys(first);
  await tx.$executeRawUnsafe(
    `INSERT INTO "AuditEvent" (${columns.map((column) => `"${column}"`).join(', ')})
      SELECT ${columns.map((column) => `json_extract(value, '$.${column}')`).join(', ')} FROM json_each(?)`,
    JSON.stringify(rows),
  );
}

function auditEventRow(event: AuditEventInput) {
  return {
    id: newId(),
    userId: event.userId,
    action: event.action,
    actorType: event.actor.type,
    actorId: event.actor.id,
    tokenId: event.token?.id ?? null,
    tokenName: event.token?.name ?? null,
    rotationOverlap: event.rotationOverlap ?? null,
    changes: event.changes ? JSON.stringify(event.changes) : null,
    refusedCount: event.refusedCount ?? null,
    actorUserId: event.administration?.administrator?.userId ?? null,
    actorEmail: event.administration?.administrator?.email ?? null,
    subjectUserId: event.administration?.subject?.userId ?? null,
    subjectEmail: event.administration?.subject?.email ?? null,
    message: event.message ?? null,
    count: event.count ?? null,
    serviceId: event.serviceKey?.serviceId ?? null,
    serviceKeyHint: event.serviceKey?.hint ?? null,
    ip: event.origin.ip,
    userAgent: auditedUserAgent(event.origin),
    createdAt: event.at,
  } satisfies Prisma.AuditEventUncheckedCreateInput;
}
