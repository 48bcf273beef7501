// The runtime both generated clients (SQLite and PostgreSQL) share: importing a client for its error
// class would load that client even where the other engine is in use.
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';

/** True for Prisma's "unique constraint failed" error, whichever engine raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaClientKnownRequestError && error.code === 'P2002';
}
