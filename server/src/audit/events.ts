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
  /** For administrative events: who acted (null from the shell) and to whom. */
  administration?: { administrator: AuditPerson | null; subject: AuditPerson };
  origin: RequestOrigin;
  at: Date;
}

/** The User-Agent as audited: its first 512 characters. */
export function auditedUserAgent(origin: RequestOrigin): string | null {
  return origin.userAgent?.slice(0, 512) ?? null;
}

export function recordAuditEvent(tx: Prisma.TransactionClient, event: AuditEventInput) {
  return tx.auditEvent.create({
    data: {
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
      subjectUserId: event.administration?.subject.userId ?? null,
      subjectEmail: event.administration?.subject.email ?? null,
      ip: event.origin.ip,
      userAgent: auditedUserAgent(event.origin),
      createdAt: event.at,
    },
  });
}
