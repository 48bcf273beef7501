import { createHash, randomBytes } from 'node:crypto';
import type { RequestOrigin } from '../audit/events.js';
import { config } from '../config.js';
import { db } from '../db.js';
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

export async function findSession(cookieValue: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return null;
  const session = await db.session.findUnique({
    where: { digest: sessionDigest(cookieValue) },
    select: { id: true, userId: true, expiresAt: true, reauthenticatedAt: true },
  });
  if (!session || session.expiresAt <= now) return null;
  return session;
}

export async function deleteSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** A conditional delete, so several replicas may sweep at once. */
export async function deleteExpiredSessions(now: Date): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
