import { isUniqueViolation } from '../database/unique-violation.js';
import { db } from '../db.js';
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

/**
 * Each address's first and last use, one at a time (a replica creating the same one at the same moment makes
 * this one an update), oldest first. Returns the first uses from a network the token had not been used from,
 * judged against the networks it knew before: a token's very first network is nothing new.
 */
async function writeAddresses(addresses: AddressUse[], live: Set<string>): Promise<FirstUse[]> {
  const knownNetworks = new Map<string, Set<string>>();
  const networksOf = async (tokenId: string) => {
    let known = knownNetworks.get(tokenId);
    if (!known) {
      const rows = await db.tokenAddress.findMany({ where: { tokenId }, select: { network: true } });
      known = new Set(rows.map(({ network }) => network));
      knownNetworks.set(tokenId, known);
    }
    return known;
  };
  const newNetworks: FirstUse[] = [];
  for (const use of [...addresses].sort((a, b) => a.firstAt.getTime() - b.firstAt.getTime())) {
    const network = networkOf(use.address);
    if (!live.has(use.tokenId) || network === null) continue;
    const where = { tokenId_address: { tokenId: use.tokenId, address: use.address } };
    const seen = { lastSeenAt: use.lastAt, requests: { increment: use.requests } };
    if (await db.tokenAddress.findUnique({ where, select: { requests: true } })) {
      await db.tokenAddress.update({ where, data: seen });
      continue;
    }
    const known = await networksOf(use.tokenId);
    try {
      await db.tokenAddress.create({
        data: {
          tokenId: use.tokenId,
          address: use.address,
          network,
          firstSeenAt: use.firstAt,
          lastSeenAt: use.lastAt,
          requests: use.requests,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await db.tokenAddress.update({ where, data: seen });
      continue;
    }
    if (known.size > 0 && !known.has(network)) {
      newNetworks.push({ tokenId: use.tokenId, userId: use.userId, address: use.address, network, at: use.firstAt });
    }
    known.add(network);
  }
  return newNetworks;
}

async function write(counts: Counted[], addresses: AddressUse[]): Promise<void> {
  try {
    const live = await db.$transaction(async (tx) => {
      // A token deleted since its use has nothing left to count against.
      const ids = [...new Set([...counts, ...addresses].map(({ tokenId }) => tokenId))];
      const live = new Set(
        (await tx.personalAccessToken.findMany({ where: { id: { in: ids } }, select: { id: true } })).map(
          ({ id }) => id,
        ),
      );
      for (const { tokenId, day, service, operation, requests } of counts) {
        if (!live.has(tokenId)) continue;
        await tx.tokenActivity.upsert({
          where: { tokenId_day_service_operation: { tokenId, day, service, operation } },
          create: { tokenId, day, service, operation, requests },
          update: { requests: { increment: requests } },
        });
      }
      return live;
    });
    await alertNewNetworks(await writeAddresses(addresses, live));
  } catch (error) {
    logEvent(
      'activity_write_failed',
      { counts: counts.length, addresses: addresses.length, error: error instanceof Error ? error.message : 'unknown' },
      'error',
    );
  }
}

export const activityRecorder = new ActivityRecorder();
