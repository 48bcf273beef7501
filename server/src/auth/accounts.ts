import { type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { db } from '../db.js';
import { EmailTakenError, InvalidCredentialsError } from '../errors.js';
import { Prisma } from '../generated/prisma/client.js';
import { newId } from '../ids.js';
import { hashPassword, spendPasswordCheckTime, verifyPassword } from './password.js';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function signUp(email: string, password: string, now: Date) {
  const normalized = normalizeEmail(email);
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({ data: { id: newId(), email: normalized, passwordHash, createdAt: now } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new EmailTakenError();
    throw error;
  }
}

/** Every failure looks the same to the caller and costs the same time; the audit log tells them apart. */
export async function signIn(email: string, password: string, origin: RequestOrigin, now: Date) {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await spendPasswordCheckTime(password);
  await db.$transaction((tx) =>
    recordAuditEvent(tx, {
      userId: user?.id ?? null,
      action: valid ? 'SIGNED_IN' : 'SIGN_IN_FAILED',
      actor: { type: 'ANONYMOUS', id: null },
      origin,
      at: now,
    }),
  );
  if (!user || !valid) throw new InvalidCredentialsError();
  return user;
}
