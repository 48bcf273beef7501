import { describe, expect, it } from 'vitest';
import { expiresAtFor } from '../src/tokens/expiration.js';
import { isUsable, STATUS_CONDITION, TokenStatus, tokenStatus, usableAt } from '../src/tokens/status.js';

const now = new Date('2026-03-01T00:00:00.000Z');
const later = new Date('2026-04-01T00:00:00.000Z');

describe('token status', () => {
  it('is active before expiry when not revoked', () => {
    expect(tokenStatus({ expiresAt: later, revokedAt: null }, now)).toBe(TokenStatus.ACTIVE);
  });

  it('is revoked before expiry when revoked', () => {
    expect(tokenStatus({ expiresAt: later, revokedAt: now }, now)).toBe(TokenStatus.REVOKED);
  });

  it('is expired from the expiry instant on, revoked or not', () => {
    expect(tokenStatus({ expiresAt: now, revokedAt: null }, now)).toBe(TokenStatus.EXPIRED);
    expect(tokenStatus({ expiresAt: now, revokedAt: now }, later)).toBe(TokenStatus.EXPIRED);
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
    const rows = moments.flatMap((expiresAt) =>
      [null, new Date(now.getTime() - minute)].map((revokedAt) => ({ id: newId(), expiresAt, revokedAt })),
    );
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
      const inSql = await directReads.rows(
        `SELECT "id" FROM "PersonalAccessToken" WHERE "userId" = ? AND ${STATUS_CONDITION[status]} ORDER BY "id"`,
        [user.id, directReads.dateParameter(now)],
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
