import { createHash, randomBytes } from 'node:crypto';
import type { RequestOrigin } from '../audit/events.js';
import { config } from '../config.js';
import { type DirectReads, dateFromColumn, directReads } from '../database/direct-reads.js';
import { db } from '../db.js';
import type { Session } from '../generated/prisma/client.js';
import { newId } from '../ids.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function sessionDigest(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('hex');
}

export async function createSession(userId: string, origin: RequestOrigin, now: Date) {
  const cookieValue = randomBytes(32).toString('base64url');
  const session = await db.session.create({
    data: {
      id: newId(),
      digest: sessionDigest(cookieValue),
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + config.sessionTtlDays * DAY_MS),
      reauthenticatedAt: now,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
    },
  });
  return { session, cookieValue };
}

/** What a request needs of its session. */
export type FoundSession = Pick<Session, 'id' | 'userId' | 'expiresAt' | 'reauthenticatedAt'> & {
  userIsAdministrator: boolean;
};

// The role and the lock are read on every request (primary-key reads), so a session loses the role the moment it
// is revoked, and a locked account's session (one that raced the lock's deletion of them) authenticates nothing.
const SESSION_BY_DIGEST =
  'SELECT "id", "userId", "expiresAt", "reauthenticatedAt", ' +
  '(SELECT "isAdministrator" FROM "User" WHERE "User"."id" = "Session"."userId"), ' +
  '(SELECT "lockedAt" IS NOT NULL FROM "User" WHERE "User"."id" = "Session"."userId") ' +
  'FROM "Session" WHERE "digest" = ?';

/**
 * The live session a cookie names, else null. Read directly, as every signed-in request's path starts here:
 * a Prisma query costs several times the read itself (direct-reads.ts).
 */
export async function findSession(
  cookieValue: string,
  now: Date,
  reads: DirectReads = directReads,
): Promise<FoundSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return null;
  const [values] = await reads.rows(SESSION_BY_DIGEST, [sessionDigest(cookieValue)]);
  if (!values) return null;
  const [id, userId, expiresAt, reauthenticatedAt, isAdministrator, locked] = values as [
    string,
    string,
    string | Date,
    string | Date,
    boolean | number,
    boolean | number,
  ];
  if (locked) return null;
  const session = {
    id,
    userId,
    expiresAt: dateFromColumn(expiresAt),
    reauthenticatedAt: dateFromColumn(reauthenticatedAt),
    userIsAdministrator: Boolean(isAdministrator),
  } satisfies FoundSession;
  return session.expiresAt <= now ? null : session;
}

export async function deleteSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** A conditional delete, so several replicas may sweep at once. */
export async function deleteExpiredSessions(now: Date): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
