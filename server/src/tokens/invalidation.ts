import pg from 'pg';
import { config } from '../config.js';
import { engine } from '../db.js';
import type { Prisma } from '../generated/prisma/client.js';
import { tokenVerifier } from './verification.js';

const CHANNEL = 'latchkey_token_invalidated';

/**
 * Tells every replica to drop a token from its verified-token cache. Sent inside the revoking
 * transaction, PostgreSQL delivers it only once that transaction commits. A single SQLite process
 * needs no message: the revoking request already evicted it.
 */
export async function announceTokenInvalidated(tx: Prisma.TransactionClient, tokenId: string): Promise<void> {
  if (engine !== 'postgresql') return;
  await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${tokenId})`;
}

export interface InvalidationListener {
  close(): Promise<void>;
}

/**
 * Listens for other replicas' revocations. Whenever the connection drops, notifications may have been
 * missed, so the whole cache is cleared before listening again; the cache's TTL bounds anything else.
 */
export async function listenForTokenInvalidations(url = config.databaseUrl): Promise<InvalidationListener> {
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const connectListener = async (): Promise<void> => {
    const connection = new pg.Client({ connectionString: url });
    connection.on('notification', (message) => {
      if (message.payload) tokenVerifier.forget(message.payload);
    });
    connection.on('error', () => undefined);
    connection.on('end', () => {
      tokenVerifier.clear();
      if (!closed) retryTimer = setTimeout(() => connectListener().catch(() => undefined), 500);
    });
    await connection.connect();
    await connection.query(`LISTEN ${CHANNEL}`);
    tokenVerifier.clear();
    client = connection;
  };

  await connectListener();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end();
    },
  };
}
