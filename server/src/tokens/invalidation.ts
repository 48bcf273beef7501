import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { config } from '../config.js';
import { engine } from '../db.js';
import type { Prisma } from '../generated/prisma/client.js';
import { logEvent } from '../logging/logger.js';
import { forgetLiveServiceKeys } from '../services/service-keys.js';
import { INVALIDATION_CHANNEL, SERVICE_KEY_CHANNEL } from './invalidation-channels.js';
import { type TokenVerifier, tokenVerifier } from './verification.js';

/** The first retry is immediate: every moment without the listener is a moment without the cache. */
const RETRY_DELAYS_MS = [0, 100, 250, 500, 1000, 2000, 5000];

/**
 * Tells every replica to drop what it cached about a token (revoked, restored or deleted). Sent inside the
 * changing transaction, PostgreSQL delivers it only once that transaction commits. A single SQLite process
 * needs no message: the changing request already evicted it.
 */
export async function announceTokenInvalidated(tx: Prisma.TransactionClient, tokenId: string): Promise<void> {
  if (engine !== 'postgresql') return;
  await tx.$executeRaw`SELECT pg_notify(${INVALIDATION_CHANNEL}, ${tokenId})`;
}

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; ids are ASCII, so characters are bytes. */
const MAX_PAYLOAD_BYTES = 7900;

/** `tokenIds` packed space-separated into as few payloads as fit under PostgreSQL's limit. */
export function invalidationPayloads(tokenIds: readonly string[]): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const tokenId of tokenIds) {
    if (current !== '' && current.length + 1 + tokenId.length > MAX_PAYLOAD_BYTES) {
      payloads.push(current);
      current = '';
    }
    current = current === '' ? tokenId : `${current} ${tokenId}`;
  }
  if (current !== '') payloads.push(current);
  return payloads;
}

/** `announceTokenInvalidated` for many tokens: a few hundred ids per message, all sent in one statement. */
export async function announceTokensInvalidated(
  tx: Prisma.TransactionClient,
  tokenIds: readonly string[],
): Promise<void> {
  if (engine !== 'postgresql' || tokenIds.length === 0) return;
  const payloads = invalidationPayloads(tokenIds);
  await tx.$executeRaw`SELECT pg_notify(${INVALIDATION_CHANNEL}, payload) FROM unnest(${payloads}::text[]) AS payload`;
}

export interface InvalidationListener {
  /** The PostgreSQL backend process of the listening connection; null while it is not listening. */
  pid(): number | null;
  close(): Promise<void>;
}

/**
 * Listens for other replicas' token changes. A replica that is not listening could miss one, so from the
 * moment the connection drops until it listens again the verifier caches nothing and asks the database on
 * every request; it starts again from an empty cache. The first connection must succeed (the server does not
 * start without it); later ones are retried at once, then with backoff.
 */
export async function listenForTokenInvalidations(
  url = config.databaseUrl,
  verifier: TokenVerifier = tokenVerifier,
): Promise<InvalidationListener> {
  const stopped = new AbortController();
  let client: pg.Client | undefined;
  let backendPid: number | null = null;

  const listen = async (): Promise<void> => {
    const connection = new pg.Client({ connectionString: url, application_name: 'latchkey-invalidations' });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      verifier.stopCaching();
      forgetLiveServiceKeys();
      if (client !== connection) return;
      client = undefined;
      backendPid = null;
      logEvent('invalidation_listener_lost', {}, 'warn');
      if (!stopped.signal.aborted) void reconnect();
    };
    connection.on('notification', (message) => {
      if (message.channel === SERVICE_KEY_CHANNEL) forgetLiveServiceKeys();
      else if (message.payload) verifier.forgetMany(message.payload.split(' '));
    });
    connection.on('error', onLost);
    connection.on('end', onLost);
    try {
      await connection.connect();
      await connection.query(`LISTEN ${INVALIDATION_CHANNEL}; LISTEN ${SERVICE_KEY_CHANNEL}`);
      const { rows } = await connection.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      if (lost) throw new Error('the listening connection dropped while it was set up');
      client = connection;
      backendPid = rows[0]?.pid ?? null;
    } catch (error) {
      lost = true;
      await connection.end().catch(() => undefined);
      throw error;
    }
    verifier.startCaching();
    forgetLiveServiceKeys();
    logEvent('invalidation_listener_listening', { backendPid });
  };

  const reconnect = async (): Promise<void> => {
    for (let attempt = 0; !stopped.signal.aborted; attempt++) {
      const wait = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 0;
      if (wait > 0) await delay(wait, undefined, { signal: stopped.signal }).catch(() => undefined);
      if (stopped.signal.aborted) return;
      try {
        await listen();
        return;
      } catch (error) {
        logEvent(
          'invalidation_listener_retry',
          { attempt, error: error instanceof Error ? error.message : 'unknown' },
          'warn',
        );
      }
    }
  };

  verifier.stopCaching();
  await listen();
  return {
    pid: () => backendPid,
    async close() {
      stopped.abort();
      const connection = client;
      client = undefined;
      backendPid = null;
      await connection?.end();
    },
  };
}
