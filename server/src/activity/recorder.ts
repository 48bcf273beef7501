import { db, engine } from '../db.js';
import { Prisma } from '../generated/prisma/client.js';
import { logEvent } from '../logging/logger.js';
import { networkOf } from './networks.js';
import { alertNewNetworks, type FirstUse } from './new-addresses.js';

/** How long counts wait in memory before they are written: a crash loses at most this much of them. */
export const ACTIVITY_FLUSH_MS = 5_000;

const DAY_MS = 86_400_000;

interface AddressUse {
  tokenId: string;
  userId: string;
  address: string;
  firstAt: Date;
  lastAt: Date;
  requests: number;
}

interface Counted {
  tokenId: string;
  day: string;
  service: string;
  operation: string;
  requests: number;
}

/** A token as the recorder needs it. */
export interface CountedToken {
  id: string;
  userId: string;
}

/**
 * Every use of every token, by day, service and operation, and by client address (issue 17). Counted in memory
 * on the request path (two map updates) and written together every few seconds, so recording costs a request
 * next to nothing; a crash loses at most `ACTIVITY_FLUSH_MS` of counts. Each flush also raises the new-address
 * alerts of the addresses it writes (new-addresses.ts).
 */
export class ActivityRecorder {
  readonly #counts = new Map<string, Counted>();
  readonly #addresses = new Map<string, AddressUse>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  // The UTC day of the last count: one string per day, not per request.
  #dayNumber = -1;
  #day = '';

  /** One use of `token` at `service` (`operation`: a GraphQL operation name, or '' for a service) from `address`. */
  count(token: CountedToken, at: Date, service: string, operation: string, address: string | null): void {
    const dayNumber = Math.floor(at.getTime() / DAY_MS);
    if (dayNumber !== this.#dayNumber) {
      this.#dayNumber = dayNumber;
      this.#day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    }
    const key = `${token.id}\t${this.#day}\t${service}\t${operation}`;
    const counted = this.#counts.get(key);
    if (counted) counted.requests++;
    else this.#counts.set(key, { tokenId: token.id, day: this.#day, service, operation, requests: 1 });
    if (address !== null) {
      const addressKey = `${token.id}\t${address}`;
      const use = this.#addresses.get(addressKey);
      if (use) {
        use.lastAt = at;
        use.requests++;
      } else {
        this.#addresses.set(addressKey, {
          tokenId: token.id,
          userId: token.userId,
          address,
          firstAt: at,
          lastAt: at,
          requests: 1,
        });
      }
    }
    this.#timer ??= setTimeout(() => void this.flush(), ACTIVITY_FLUSH_MS).unref();
  }

  /** Writes everything counted so far (also called at shutdown, and by tests that read it back). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const counts = [...this.#counts.values()];
    const addresses = [...this.#addresses.values()];
    this.#counts.clear();
    this.#addresses.clear();
    this.#flushing = this.#flushing.then(() =>
      counts.length > 0 || addresses.length > 0 ? write(counts, addresses) : undefined,
    );
    return this.#flushing;
  }
}

/** Rows per statement: well under SQLite's 32,766 parameters and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 500;

function chunks<T>(items: T[]): T[][] {
  const all: T[][] = [];
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT) {
    all.push(items.slice(start, start + ROWS_PER_STATEMENT));
  }
  return all;
}

/** A date as a parameter the engine stores in a DateTime column as Prisma does. */
function dateValue(date: Date): Prisma.Sql {
  return engine === 'postgresql'
    ? Prisma.sql`${date.toISOString()}::timestamp(3)`
    : Prisma.sql`${date.toISOString().replace('Z', '+00:00')}`;
}

/** The tokens among `ids` that still exist: a deleted one has nothing left to count against. */
async function liveTokens(ids: string[]): Promise<Set<string>> {
  const live = new Set<string>();
  for (const chunk of chunks(ids)) {
    const rows = await db.personalAccessToken.findMany({ where: { id: { in: chunk } }, select: { id: true } });
    for (const { id } of rows) live.add(id);
  }
  return live;
}

/** Adds the counts, a few hundred rows per statement: one flush costs a few statements, however many tokens. */
async function writeCounts(counts: Counted[]): Promise<void> {
  for (const chunk of chunks(counts)) {
    const rows = chunk.map(
      ({ tokenId, day, service, operation, requests }) =>
        Prisma.sql`(${tokenId}, ${day}, ${service}, ${operation}, ${requests})`,
    );
    await db.$executeRaw`
      INSERT INTO "TokenActivity" ("tokenId", "day", "service", "operation", "requests") VALUES ${Prisma.join(rows)}
      ON CONFLICT ("tokenId", "day", "service", "operation")
      DO UPDATE SET "requests" = "TokenActivity"."requests" + excluded."requests"`;
  }
}

/**
 * Each address's first and last use and requests, a few hundred rows per statement. Returns the first uses from
 * a network the token had not been used from, judged against the addresses it had before this flush: a token's
 * very first network is nothing new. Two replicas may both find the same network new; the alert's dedupe key
 * makes it one.
 */
async function writeAddresses(addresses: AddressUse[]): Promise<FirstUse[]> {
  const newNetworks: FirstUse[] = [];
  for (const chunk of chunks([...addresses].sort((a, b) => a.firstAt.getTime() - b.firstAt.getTime()))) {
    const tokenIds = [...new Set(chunk.map(({ tokenId }) => tokenId))];
    const known = await db.tokenAddress.findMany({
      where: { tokenId: { in: tokenIds } },
      select: { tokenId: true, address: true, network: true },
    });
    const seenAddresses = new Set(known.map(({ tokenId, address }) => `${tokenId}\t${address}`));
    const networks = new Map<string, Set<string>>(tokenIds.map((id) => [id, new Set()]));
    for (const { tokenId, network } of known) networks.get(tokenId)?.add(network);
    const rows: Prisma.Sql[] = [];
    for (const use of chunk) {
      const network = networkOf(use.address);
      if (network === null) continue;
      rows.push(
        Prisma.sql`(${use.tokenId}, ${use.address}, ${network}, ${dateValue(use.firstAt)}, ${dateValue(use.lastAt)}, ${use.requests})`,
      );
      if (seenAddresses.has(`${use.tokenId}\t${use.address}`)) continue;
      const tokenNetworks = networks.get(use.tokenId) ?? new Set();
      if (tokenNetworks.size > 0 && !tokenNetworks.has(network)) {
        newNetworks.push({ tokenId: use.tokenId, userId: use.userId, address: use.address, network, at: use.firstAt });
      }
      tokenNetworks.add(network);
    }
    if (rows.length === 0) continue;
    await db.$executeRaw`
      INSERT INTO "TokenAddress" ("tokenId", "address", "network", "firstSeenAt", "lastSeenAt", "requests")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT ("tokenId", "address") DO UPDATE SET
        "lastSeenAt" = CASE WHEN excluded."lastSeenAt" > "TokenAddress"."lastSeenAt"
          THEN excluded."lastSeenAt" ELSE "TokenAddress"."lastSeenAt" END,
        "requests" = "TokenAddress"."requests" + excluded."requests"`;
  }
  return newNetworks;
}

async function write(counts: Counted[], addresses: AddressUse[]): Promise<void> {
  try {
    const live = await liveTokens([...new Set([...counts, ...addresses].map(({ tokenId }) => tokenId))]);
    await writeCounts(counts.filter(({ tokenId }) => live.has(tokenId)));
    await alertNewNetworks(await writeAddresses(addresses.filter(({ tokenId }) => live.has(tokenId))));
  } catch (error) {
    logEvent(
      'activity_write_failed',
      { counts: counts.length, addresses: addresses.length, error: error instanceof Error ? error.message : 'unknown' },
      'error',
    );
  }
}

export const activityRecorder = new ActivityRecorder();
