import Database from 'better-sqlite3';
import { type IdsModule, importServerModule, type TokenFormatModule } from '../server-build.js';

/** How Prisma's SQLite adapter stores a DateTime: ISO-8601 text with an explicit +00:00 offset. */
export function prismaSqliteDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

const PRISMA_SQLITE_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

/** Refuses to seed if the server now stores dates differently from the rows we are about to insert. */
export function checkDateFormatMatchesServer(databaseFile: string): void {
  const connection = new Database(databaseFile, { readonly: true });
  try {
    const row = connection
      .prepare<[], { createdAt: unknown }>('SELECT createdAt FROM "PersonalAccessToken" LIMIT 1')
      .get();
    if (!row) throw new Error('No token written by the server to compare the date format with');
    if (typeof row.createdAt !== 'string' || !PRISMA_SQLITE_DATE_TIME.test(row.createdAt)) {
      throw new Error(`The server stores dates as ${JSON.stringify(row.createdAt)}; update prismaSqliteDateTime`);
    }
  } finally {
    connection.close();
  }
}

export interface SeedOptions {
  tokens: number;
  tokensPerUser: number;
  /** How many secrets to keep, taken evenly across the table, for the scenarios to authenticate with. */
  keptSecrets: number;
  /** How many more to keep of tokens with each of issue 16's controls (scenario 4), also taken evenly; none if unset. */
  controlledSecrets?: number;
}

export interface SeedResult {
  seconds: number;
  users: number;
  secrets: string[];
  /** Tokens with a rate limit of 1,000,000 uses a day, the most the API allows: no bench comes near it. */
  rateLimitedSecrets: string[];
  /** Tokens with an allowlist of four ranges, of which only the last, `127.0.0.1/32`, holds the bench's address. */
  allowlistedSecrets: string[];
  /** A live service key of the example catalogue's `reports` service. */
  reportsServiceKey: string;
}

// Latchkey's own, and the example catalogue's reports:read, for the service endpoints (scenario 8).
const SEEDED_PERMISSIONS = 'audit:read profile:read reports:read tokens:read tokens:write';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** A token's control columns as the server stores them: allowedAddresses, rateLimitRequests, rateLimitWindowSeconds. */
type ControlColumns = [string | null, number | null, number | null];
const NO_CONTROLS: ControlColumns = [null, null, null];
const RATE_LIMIT: ControlColumns = [null, 1_000_000, 86_400];
const ALLOWLIST: ControlColumns = ['10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 127.0.0.1/32', null, null];

/**
 * Inserts users and valid, active tokens straight into the migrated SQLite file (the server must not be
 * running), in one transaction with prepared statements. Secrets come from the server's own token format. Only
 * the kept controlled tokens have controls.
 */
export async function seedTokens(databaseFile: string, options: SeedOptions): Promise<SeedResult> {
  const { generateTokenSecret, tokenDigest, tokenHint, secretFormat } =
    await importServerModule<TokenFormatModule>('tokens/format.js');
  const serviceKeyFormat = secretFormat('lksvc_');
  const reportsServiceKey = serviceKeyFormat.generate();
  const { newId } = await importServerModule<IdsModule>('ids.js');
  const startedAt = performance.now();
  const connection = new Database(databaseFile);
  // A throwaway bench database: trade durability for speed while seeding, then hand it back in WAL mode.
  connection.pragma('journal_mode = OFF');
  connection.pragma('synchronous = OFF');
  connection.pragma('cache_size = -524288');
  const now = new Date();
  const createdAt = prismaSqliteDateTime(now);
  const expiresAt = prismaSqliteDateTime(new Date(now.getTime() + YEAR_MS));
  const users = Math.ceil(options.tokens / options.tokensPerUser);
  const keptGroup = (count: number, controls: ControlColumns) => ({ secrets: [] as string[], count, controls });
  const plain = keptGroup(options.keptSecrets, NO_CONTROLS);
  const controlledSecrets = options.controlledSecrets ?? 0;
  const rateLimited = keptGroup(controlledSecrets, RATE_LIMIT);
  const allowlisted = keptGroup(controlledSecrets, ALLOWLIST);
  const kept = [plain, rateLimited, allowlisted];
  const keepEvery = Math.max(1, Math.floor(options.tokens / (options.keptSecrets + 2 * controlledSecrets)));
  try {
    const insertUser = connection.prepare(
      'INSERT INTO "User" (id, email, passwordHash, createdAt) VALUES (?, ?, ?, ?)',
    );
    const insertToken = connection.prepare(
      `INSERT INTO "PersonalAccessToken" (id, userId, name, nameKey, digest, hint, permissions, createdAt, expiresAt,
         allowedAddresses, rateLimitRequests, rateLimitWindowSeconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    connection.transaction(() => {
      let userId = '';
      for (let index = 0; index < options.tokens; index++) {
        if (index % options.tokensPerUser === 0) {
          userId = newId();
          // Not a valid scrypt hash: seeded people never sign in.
          insertUser.run(userId, `seeded-${index / options.tokensPerUser}@bench.invalid`, 'seeded', createdAt);
        }
        const secret = generateTokenSecret();
        const name = `seeded-${index}`;
        const keptAs = index % keepEvery === 0 ? kept.find((group) => group.secrets.length < group.count) : undefined;
        insertToken.run(
          newId(),
          userId,
          name,
          name,
          tokenDigest(secret),
          tokenHint(secret),
          SEEDED_PERMISSIONS,
          createdAt,
          expiresAt,
          ...(keptAs?.controls ?? NO_CONTROLS),
        );
        keptAs?.secrets.push(secret);
      }
      connection
        .prepare('INSERT INTO "ServiceKey" (id, serviceId, digest, hint, createdAt) VALUES (?, ?, ?, ?, ?)')
        .run(newId(), 'reports', tokenDigest(reportsServiceKey), serviceKeyFormat.hint(reportsServiceKey), createdAt);
    })();
    connection.pragma('journal_mode = WAL');
  } finally {
    connection.close();
  }
  return {
    seconds: (performance.now() - startedAt) / 1000,
    users,
    secrets: plain.secrets,
    rateLimitedSecrets: rateLimited.secrets,
    allowlistedSecrets: allowlisted.secrets,
    reportsServiceKey,
  };
}
