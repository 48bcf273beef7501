import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { isWellFormedId, newId, newIdOnPostgresql } from '../src/ids.js';
import { testEngine } from './support/database.js';

describe('ids', () => {
  it('sort in the order they were made, within one millisecond too', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isWellFormedId(id)).toBe(true);
  });
});

describe.runIf(testEngine === 'postgresql')('ids made by PostgreSQL', () => {
  const madeByPostgresql = async () => {
    const [row] = await db.$queryRaw<{ id: string }[]>`SELECT ${newIdOnPostgresql} AS "id"`;
    return row?.id ?? '';
  };

  it('have the shape newId gives', async () => {
    const id = await madeByPostgresql();
    expect(isWellFormedId(id)).toBe(true);
    expect(id).toHaveLength(newId().length);
    expect(id).toMatch(/^[0-9a-z]{9}0000[0-9a-f]{16}$/);
    expect(await madeByPostgresql()).not.toBe(id);
  });

  it('sort after ids made earlier and before ids made later, on the same clock', async () => {
    const before = newId();
    await sleep(2);
    const made = await madeByPostgresql();
    await sleep(2);
    const after = newId();
    expect([after, made, before].sort()).toEqual([before, made, after]);
  });
});
