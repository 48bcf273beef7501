import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { countInventory, findInventoryPage, type InventoryOrder } from '../src/admin/inventory.js';
import type { InventoryFilter } from '../src/admin/inventory-filter.js';
import { onDirectRead } from '../src/database/direct-reads.js';
import { db } from '../src/db.js';
import { lastUseRecorder } from '../src/tokens/last-use.js';
import { fromTheShell, REFUSAL } from './support/admin-matrix.js';
import { createTestApp, DAY, localId, revokeMutation } from './support/app.js';
import { testDatabaseUrl, testEngine } from './support/database.js';

// One set of accounts and tokens for the whole file, built by driving the clock; the tests only read it.
// At "now" (day 25): a1 active (used day 1), a2 expired (never used), a3 revoked, b1 active (used day 20),
// b2 pending, c1 and c2 active and created at the same instant (day 5).
const app = createTestApp();
const names: Record<string, string> = {};
let administratorCookie = '';
type Person = Awaited<ReturnType<typeof app.signUp>>;
let alice: Person;
let bob: Person;

const PAGE = `query ($filter: AdminTokenFilter, $orderBy: AdminTokenOrder, $first: Int, $after: String) {
  adminTokens(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    totalCountIsLowerBound
    pageInfo { hasNextPage endCursor }
    edges { node { id name ownerEmail status createdFromAddress lastUsedAt lastUsedService revocationReason permissions { name } } }
  }
}`;

interface Page {
  totalCount: number;
  totalCountIsLowerBound: boolean;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: {
    node: { id: string; name: string; ownerEmail: string; status: string; createdFromAddress: string | null };
  }[];
}

async function inventory(variables: Record<string, unknown>): Promise<Page> {
  return (await app.data(PAGE, variables, { cookie: administratorCookie })).adminTokens;
}

const namesOf = async (variables: Record<string, unknown>) =>
  (await inventory({ first: 100, ...variables })).edges.map(({ node }) => node.name);

async function everyPage(variables: Record<string, unknown>, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page = await inventory({ ...variables, first, after });
    seen.push(...page.edges.map(({ node }) => node.name));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  const administrator = await app.signUp();
  await setAdministrator(administrator.email, true, fromTheShell());
  alice = { ...(await app.signUp('Alice@Example.com')), email: 'alice@example.com' };
  bob = await app.signUp('bob@example.com');
  const carol = await app.signUp('carol@example.com');
  // A fresh sign-in each time: generating from a session needs a recent password.
  const make = async (
    key: string,
    person: Person,
    input: { expiration?: string; permissions?: string[] },
    remoteAddress?: string,
  ) => {
    const cookie = await app.signIn(person);
    const created = await app.generateToken({ cookie, remoteAddress }, { name: key, ...input });
    names[key] = created.id;
    return created;
  };
  const use = async (secret: string) => {
    await app.data('{ viewer { id } }', {}, { token: secret, remoteAddress: '192.0.2.50' });
    await lastUseRecorder.flush();
  };

  const a1 = await make('a1', alice, { permissions: ['tokens:read'] }, '203.0.113.7');
  app.clock.advance(DAY);
  await use(a1.secret);
  await make('a2', alice, { expiration: 'DAYS_7', permissions: ['profile:read', 'audit:read'] }, '198.51.100.1');
  app.clock.advance(DAY);
  const a3 = await make('a3', alice, { permissions: ['tokens:write'] });
  await app.data(revokeMutation, { id: a3.id }, { cookie: await app.signIn(alice) });
  app.clock.advance(DAY);
  const b1 = await make(
    'b1',
    bob,
    { expiration: 'DAYS_90', permissions: ['tokens:read', 'notifications:read'] },
    '203.0.113.7',
  );
  app.clock.advance(DAY);
  await make('b2', bob, { permissions: ['audit:read'] });
  await db.personalAccessToken.update({
    where: { id: localId(names.b2 as string) },
    data: { pendingApprovalSince: app.clock.now() },
  });
  app.clock.advance(DAY);
  await make('c1', carol, { permissions: ['profile:read'] });
  await make('c2', carol, { permissions: ['profile:read'] });
  app.clock.advance(15 * DAY);
  await use(b1.secret);
  app.clock.advance(5 * DAY);
  administratorCookie = await app.signIn(administrator);
});

describe("the administrators' token inventory", () => {
  it('lists every account’s tokens newest first, the id breaking ties, with owner, status and origin', async () => {
    const page = await inventory({ first: 100 });
    const rows = page.edges.map(({ node }) => [node.name, node.ownerEmail, node.status, node.createdFromAddress]);
    // Made in the same instant: the later id comes first. Global ids are base64, whose order is not the ids' own.
    const [first, second] = [names.c1, names.c2].sort((x, y) => (localId(x as string) < localId(y as string) ? 1 : -1));
    expect(rows).toEqual([
      [first === names.c1 ? 'c1' : 'c2', 'carol@example.com', 'ACTIVE', null],
      [second === names.c1 ? 'c1' : 'c2', 'carol@example.com', 'ACTIVE', null],
      ['b2', 'bob@example.com', 'PENDING', null],
      ['b1', 'bob@example.com', 'ACTIVE', '203.0.113.7'],
      ['a3', 'alice@example.com', 'REVOKED', null],
      ['a2', 'alice@example.com', 'EXPIRED', '198.51.100.1'],
      ['a1', 'alice@example.com', 'ACTIVE', '203.0.113.7'],
    ]);
    expect(page.edges[0]?.node.id).toBe(first);
    expect(page).toMatchObject({ totalCount: 7, totalCountIsLowerBound: false, pageInfo: { hasNextPage: false } });
  });

  it('shows when and where a token was last used, and why it was revoked', async () => {
    const page = await inventory({ first: 100, filter: { ownerEmail: 'bob@example.com', status: 'ACTIVE' } });
    expect(page.edges).toEqual([
      {
        node: expect.objectContaining({
          name: 'b1',
          lastUsedAt: '2026-02-04T12:00:00.000Z',
          lastUsedService: 'latchkey',
          revocationReason: null,
          permissions: [{ name: 'notifications:read' }, { name: 'tokens:read' }],
        }),
      },
    ]);
    expect((await inventory({ first: 1, filter: { status: 'REVOKED' } })).edges[0]?.node).toMatchObject({
      name: 'a3',
      revocationReason: 'OWNER',
    });
  });

  it.each([
    ['owner (any case)', { ownerEmail: ' ALICE@example.com ' }, ['a3', 'a2', 'a1']],
    ['owner without an account', { ownerEmail: 'nobody@example.com' }, []],
    ['permission', { permission: 'tokens:read' }, ['b1', 'a1']],
    ['service (Latchkey’s own)', { service: 'latchkey' }, ['c', 'c', 'b2', 'b1', 'a3', 'a2', 'a1']],
    ['service nobody holds', { service: 'reports' }, []],
    ['status ACTIVE', { status: 'ACTIVE' }, ['c', 'c', 'b1', 'a1']],
    ['status EXPIRED', { status: 'EXPIRED' }, ['a2']],
    ['status REVOKED', { status: 'REVOKED' }, ['a3']],
    ['status PENDING', { status: 'PENDING' }, ['b2']],
    ['expiring within 6 days', { expiringWithinDays: 6 }, ['a1']],
    ['expiring within 10 days', { expiringWithinDays: 10 }, ['c', 'c', 'b2', 'a3', 'a1']],
    ['unused for 10 days', { unusedForDays: 10 }, ['c', 'c', 'b2', 'a3', 'a2', 'a1']],
    ['unused for 21 days', { unusedForDays: 21 }, ['b2', 'a3', 'a2', 'a1']],
    ['unused for 30 days', { unusedForDays: 30 }, []],
    ['never used', { neverUsed: true }, ['c', 'c', 'b2', 'a3', 'a2']],
    ['used at least once', { neverUsed: false }, ['b1', 'a1']],
    ['created from an address', { createdFromAddress: '203.0.113.7' }, ['b1', 'a1']],
    ['several conditions at once', { ownerEmail: 'bob@example.com', neverUsed: true }, ['b2']],
  ])('filters by %s', async (_name, filter, expected) => {
    const page = await inventory({ first: 100, filter });
    expect(page.edges.map(({ node }) => (node.name.startsWith('c') ? 'c' : node.name))).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
  });

  it.each([
    ['a permission', { permission: 'tokens:read' }, 2],
    ['another permission', { permission: 'profile:read' }, 3],
    ['a permission nobody holds', { permission: 'reports:read' }, 0],
    ['Latchkey’s own service', { service: 'latchkey' }, 7],
    ['a service nobody holds', { service: 'reports' }, 0],
    ['a permission and another condition', { permission: 'audit:read', status: 'PENDING' }, 1],
    ['a permission and a service', { permission: 'tokens:read', service: 'latchkey', neverUsed: false }, 2],
  ] as [string, InventoryFilter, number][])(
    'finds the same tokens for %s through the holders’ index as through `permissions`',
    async (_name, filter, expected) => {
      const order: InventoryOrder = { field: 'EXPIRES_AT', direction: 'ASC' };
      const page = (fewHolders?: number) =>
        findInventoryPage({ filter, order, limit: 100, now: app.clock.now(), fewHolders });
      const throughIndex = (await page()).map((token) => token.id);
      expect(throughIndex).toHaveLength(expected);
      expect((await page(0)).map((token) => token.id)).toEqual(throughIndex);
    },
  );

  it('keeps the holders’ index in step with what a token holds: generated, narrowed by an edit, deleted', async () => {
    const cookie = await app.signIn(bob);
    const token = await app.generateToken(
      { cookie },
      { name: 'narrowed', permissions: ['profile:read', 'audit:read'] },
    );
    const id = localId(token.id);
    const held = async () =>
      (await db.tokenPermission.findMany({ where: { tokenId: id }, orderBy: { permission: 'asc' } })).map(
        ({ permission, prefix }) => [permission, prefix],
      );
    const holders = async (permission: string) =>
      (await findInventoryPage({ filter: { permission }, order, limit: 100, now: app.clock.now() })).map((t) => t.id);
    const order: InventoryOrder = { field: 'CREATED_AT', direction: 'DESC' };
    try {
      expect(await held()).toEqual([
        ['audit:read', 'audit'],
        ['profile:read', 'profile'],
      ]);
      expect(await holders('audit:read')).toContain(id);
      const edit = `mutation ($id: ID!, $input: UpdateTokenInput!) {
        updateToken(id: $id, input: $input) { __typename }
      }`;
      const edited = await app.data(edit, { id: token.id, input: { permissions: ['profile:read'] } }, { cookie });
      expect(edited.updateToken.__typename).toBe('UpdateTokenSuccess');
      expect(await held()).toEqual([['profile:read', 'profile']]);
      expect(await holders('audit:read')).not.toContain(id);
      expect(await holders('profile:read')).toContain(id);
    } finally {
      await db.personalAccessToken.delete({ where: { id } });
    }
    expect(await held()).toEqual([]);
  });

  it.each([
    [{ field: 'CREATED_AT', direction: 'ASC' }, ['a1', 'a2', 'a3', 'b1', 'b2', 'c', 'c']],
    [{ field: 'EXPIRES_AT', direction: 'ASC' }, ['a2', 'a1', 'a3', 'b2', 'c', 'c', 'b1']],
    [{ field: 'EXPIRES_AT', direction: 'DESC' }, ['b1', 'c', 'c', 'b2', 'a3', 'a1', 'a2']],
    [{ field: 'LAST_USED_AT', direction: 'DESC' }, ['b1', 'a1', '?', '?', '?', '?', '?']],
    [{ field: 'LAST_USED_AT', direction: 'ASC' }, ['a1', 'b1', '?', '?', '?', '?', '?']],
  ])('sorts by %o, and pages through it one token at a time without gaps or repeats', async (orderBy, expected) => {
    const all = await namesOf({ orderBy });
    // Tokens never used come last in both directions, by id: which is first depends on random ids.
    expect(all.map((name, index) => (expected[index] === '?' ? '?' : name.startsWith('c') ? 'c' : name))).toEqual(
      expected,
    );
    if (expected[2] === '?') expect(all.slice(2).sort()).toEqual(['a2', 'a3', 'b2', 'c1', 'c2']);
    expect(await everyPage({ orderBy }, 1)).toEqual(all);
    expect(await everyPage({ orderBy }, 3)).toEqual(all);
  });

  it('pages a filtered list with its filter kept', async () => {
    expect(
      await everyPage({ filter: { neverUsed: true }, orderBy: { field: 'LAST_USED_AT', direction: 'DESC' } }, 2),
    ).toHaveLength(5);
    expect(await everyPage({ filter: { ownerEmail: 'alice@example.com' } }, 2)).toEqual(['a3', 'a2', 'a1']);
  });

  it('judges statuses and day counts at the time of the request', async () => {
    app.clock.advance(5 * DAY);
    try {
      // Day 30: a1 expires now.
      expect(await namesOf({ filter: { status: 'EXPIRED' } })).toEqual(['a2', 'a1']);
      expect(await namesOf({ filter: { unusedForDays: 29 } })).toEqual(['a2', 'a1']);
    } finally {
      app.clock.advance(-5 * DAY);
    }
  });

  it('counts up to a limit and says "at least" past it', async () => {
    const now = app.clock.now();
    expect(await countInventory({}, now, 7)).toEqual({ count: 7, atLeast: false });
    expect(await countInventory({}, now, 3)).toEqual({ count: 3, atLeast: true });
    expect(await countInventory({ status: 'PENDING' }, now, 3)).toEqual({ count: 1, atLeast: false });
  });

  it('reads pages with the owner’s email and never the secrets’ digests', async () => {
    const page = await findInventoryPage({
      filter: {},
      order: { field: 'CREATED_AT', direction: 'DESC' },
      limit: 2,
      now: app.clock.now(),
    });
    expect(page).toHaveLength(2);
    expect(page[0]).toMatchObject({ ownerEmail: 'carol@example.com', createdFromAddress: null });
    expect(Object.keys(page[0] ?? {})).not.toContain('digest');
  });

  it('refuses wrong filters with an error per field, and cursors of another order', async () => {
    const response = await app.request(
      PAGE,
      { first: 5, filter: { unusedForDays: 0, permission: 'everything', expiringWithinDays: 4000 } },
      { cookie: administratorCookie },
    );
    expect(response.body.data).toBeNull();
    expect(response.body.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        { path: ['filter', 'permission'], message: expect.stringContaining('`service:action`') },
        { path: ['filter', 'expiringWithinDays'], message: expect.stringContaining('between 1 and 3650') },
        { path: ['filter', 'unusedForDays'], message: expect.stringContaining('between 1 and 3650') },
      ],
    });
    const { endCursor } = (await inventory({ first: 1 })).pageInfo;
    const other = await app.request(
      PAGE,
      { first: 1, after: endCursor, orderBy: { field: 'EXPIRES_AT', direction: 'DESC' } },
      { cookie: administratorCookie },
    );
    expect(other.body.errors[0]).toMatchObject({ message: 'Invalid cursor.', extensions: { code: 'BAD_USER_INPUT' } });
    const tooMany = await app.request(PAGE, { first: 101 }, { cookie: administratorCookie });
    expect(tooMany.body.errors[0].message).toBe('`first` must be between 0 and 100.');
  });

  it('gives everyone but an administrator the standard refusal', async () => {
    const ordinaryToken = await app.generateToken({ cookie: await app.signIn(bob) }, { name: 'nosy' });
    try {
      for (const credentials of [{ cookie: await app.signIn(alice) }, { token: ordinaryToken.secret }, {}]) {
        const response = await app.request(PAGE, { first: 5 }, credentials);
        expect(response.body).toEqual({
          data: null,
          errors: [{ ...REFUSAL, locations: [expect.any(Object)], path: ['adminTokens'] }],
        });
      }
    } finally {
      await db.personalAccessToken.delete({ where: { id: localId(ordinaryToken.id) } });
    }
  });
});

// SQLite plans without statistics, the same on this small file as on a million tokens (bench/src/inventory.ts
// measures those; PostgreSQL's plans depend on its statistics, so they are checked there).
describe.runIf(testEngine === 'sqlite')("the inventory's query plans on SQLite", () => {
  const newestFirst: InventoryOrder = { field: 'CREATED_AT', direction: 'DESC' };

  /** The plans of the page's statements, after any count of a permission's holders. */
  async function plansOf(filter: InventoryFilter, order = newestFirst, fewHolders?: number) {
    const statements: string[] = [];
    const stop = onDirectRead((sql) => statements.push(sql));
    try {
      await findInventoryPage({ filter, order, limit: 51, now: app.clock.now(), fewHolders });
    } finally {
      stop();
    }
    const connection = new Database(testDatabaseUrl.replace(/^file:/, ''), { readonly: true });
    try {
      return statements
        .filter((sql) => !sql.includes('AS "held"'))
        .map((sql) =>
          connection
            .prepare(`EXPLAIN QUERY PLAN ${sql}`)
            .all(...Array.from(sql.matchAll(/\?/g), () => null))
            .map((row) => (row as { detail: string }).detail)
            .join('\n'),
        );
    } finally {
      connection.close();
    }
  }

  it.each([
    ['no filter', {}, newestFirst, 'PersonalAccessToken_createdAt_id_idx'],
    ['owner', { ownerEmail: 'alice@example.com' }, newestFirst, 'PersonalAccessToken_userId_createdAt_id_idx'],
    [
      'address',
      { createdFromAddress: '203.0.113.7' },
      newestFirst,
      'PersonalAccessToken_createdFromAddress_createdAt_id_idx',
    ],
    [
      'status ACTIVE, unused for 30 days',
      { status: 'ACTIVE', unusedForDays: 30 },
      newestFirst,
      'PersonalAccessToken_createdAt_id_idx',
    ],
    ['never used', { neverUsed: true }, newestFirst, 'PersonalAccessToken_createdAt_id_idx'],
    [
      'expiring, soonest first',
      { expiringWithinDays: 7 },
      { field: 'EXPIRES_AT', direction: 'ASC' },
      'PersonalAccessToken_expiresAt_id_idx',
    ],
  ] as [string, InventoryFilter, InventoryOrder, string][])(
    'reads a page filtered by %s in order from its index, sorting nothing',
    async (_name, filter, order, index) => {
      const [plan] = await plansOf(filter, order);
      expect(plan).toContain(`INDEX ${index}`);
      expect(plan).not.toContain('TEMP B-TREE');
    },
  );

  it('reads a page of a permission many tokens hold in order from (createdAt, id), checking `permissions`', async () => {
    for (const filter of [{ permission: 'tokens:read' }, { service: 'latchkey' }]) {
      const [plan] = await plansOf(filter, newestFirst, 0);
      expect(plan).toContain('INDEX PersonalAccessToken_createdAt_id_idx');
      expect(plan).not.toContain('TokenPermission');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('reads the few holders of a permission or service from TokenPermission and sorts only those', async () => {
    for (const [filter, index] of [
      [{ permission: 'tokens:read' }, 'TokenPermission_permission_tokenId_idx'],
      [{ service: 'latchkey' }, 'TokenPermission_prefix_tokenId_idx'],
    ] as const) {
      const [plan] = await plansOf(filter);
      expect(plan).toContain(`COVERING INDEX ${index}`);
      expect(plan).toContain('SEARCH PersonalAccessToken USING INDEX sqlite_autoindex_PersonalAccessToken_1 (id=?)');
    }
  });

  it('reads pending tokens from their own index and sorts only those', async () => {
    const [plan] = await plansOf({ status: 'PENDING' });
    expect(plan).toContain('INDEX PersonalAccessToken_pendingApprovalSince_idx');
  });

  it('reads tokens by last use from (lastUsedAt, id), the used ones first and then the never used', async () => {
    const plans = await plansOf({}, { field: 'LAST_USED_AT', direction: 'DESC' });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toContain('INDEX PersonalAccessToken_lastUsedAt_id_idx');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
