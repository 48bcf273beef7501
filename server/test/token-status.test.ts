import { describe, expect, it } from 'vitest';
import { expiresAtFor } from '../src/tokens/expiration.js';
import { isUsable, statusClause, TokenStatus, tokenStatus, usableAt } from '../src/tokens/status.js';

const now = new Date('2026-03-01T00:00:00.000Z');
const later = new Date('2026-04-01T00:00:00.000Z');

describe('token status', () => {
  it('is active before expiry when not revoked', () => {
    expect(tokenStatus({ expiresAt: later, revokedAt: null, pendingApprovalSince: null }, now)).toBe(
      TokenStatus.ACTIVE,
    );
  });

  it('is revoked before expiry when revoked', () => {
    expect(tokenStatus({ expiresAt: later, revokedAt: now, pendingApprovalSince: null }, now)).toBe(
      TokenStatus.REVOKED,
    );
  });

  it('is expired from the expiry instant on, revoked or not', () => {
    expect(tokenStatus({ expiresAt: now, revokedAt: null, pendingApprovalSince: null }, now)).toBe(TokenStatus.EXPIRED);
    expect(tokenStatus({ expiresAt: now, revokedAt: now, pendingApprovalSince: null }, later)).toBe(
      TokenStatus.EXPIRED,
    );
  });

  it('is pending while it waits for approval, whatever its provisional expiry says', () => {
    const waiting = { revokedAt: null, pendingApprovalSince: now };
    expect(tokenStatus({ ...waiting, expiresAt: later }, now)).toBe(TokenStatus.PENDING);
    expect(tokenStatus({ ...waiting, expiresAt: now }, later)).toBe(TokenStatus.PENDING);
    expect(isUsable({ ...waiting, expiresAt: later }, now)).toBe(false);
  });

  it('computes expiry presets in whole days from now', () => {
    const day = 24 * 60 * 60 * 1000;
    expect(expiresAtFor('DAYS_30', now).getTime() - now.getTime()).toBe(30 * day);
    expect(expiresAtFor('DAYS_60', now).getTime() - now.getTime()).toBe(60 * day);
    expect(expiresAtFor('DAYS_90', now).getTime() - now.getTime()).toBe(90 * day);
    expect(expiresAtFor('YEAR_1', now).getTime() - now.getTime()).toBe(365 * day);
  });
});

describe('one status rule in TypeScript, SQL and Prisma', () => {
  it('classifies the same rows the same way in all three', async () => {
    const { db } = await import('../src/db.js');
    const { directReads } = await import('../src/database/direct-reads.js');
    const { newId } = await import('../src/ids.js');
    const user = await db.user.create({
      data: { id: newId(), email: `${newId()}@example.com`, passwordHash: 'x', createdAt: now },
    });
    const minute = 60_000;
    const moments = [-minute, -1, 0, 1, minute].map((offset) => new Date(now.getTime() + offset));
    const before = new Date(now.getTime() - minute);
    // A pending token is never revoked (denying or revoking it ends the wait), so no row is both.
    const rows = moments.flatMap((expiresAt) => [
      ...[null, before].map((revokedAt) => ({ id: newId(), expiresAt, revokedAt, pendingApprovalSince: null })),
      { id: newId(), expiresAt, revokedAt: null, pendingApprovalSince: before },
    ]);
    for (const row of rows) {
      await db.personalAccessToken.create({
        data: {
          ...row,
          userId: user.id,
          name: row.id,
          nameKey: row.id,
          digest: row.id,
          hint: 'lkpat_…',
          permissions: 'tokens:read',
          createdAt: now,
        },
      });
    }
    const idsBy = (predicate: (row: (typeof rows)[number]) => boolean) =>
      rows
        .filter(predicate)
        .map((row) => row.id)
        .sort();

    for (const status of Object.values(TokenStatus)) {
      const clause = statusClause(status, directReads.dateParameter(now));
      const inSql = await directReads.rows(
        `SELECT "id" FROM "PersonalAccessToken" WHERE "userId" = ? AND ${clause.sql} ORDER BY "id"`,
        [user.id, ...clause.parameters],
      );
      expect(inSql.map(([id]) => id)).toEqual(idsBy((row) => tokenStatus(row, now) === status));
    }
    const usable = await db.personalAccessToken.findMany({
      where: { userId: user.id, ...usableAt(now) },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    expect(usable.map(({ id }) => id)).toEqual(idsBy((row) => isUsable(row, now)));
    expect(usable.length).toBeGreaterThan(0);
  });
});
