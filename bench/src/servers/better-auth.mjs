// The peer a TypeScript user would pick instead of Latchkey: Better Auth with its API-key plugin, on SQLite,
// verifying each request's key with `auth.api.verifyApiKey` from node:http, as quiet as bare Yoga.
// BETTER_AUTH_DATABASE is the SQLite file; with BETTER_AUTH_SEED_KEYS=<n> and BETTER_AUTH_SEED_FILE=<file.json>
// it first signs one person up and creates n keys through the server API, and writes them and the session cookie.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import Database from 'better-sqlite3';

const databaseFile = process.env.BETTER_AUTH_DATABASE;
if (!databaseFile) throw new Error('Set BETTER_AUTH_DATABASE to the SQLite file');
const host = process.env.HOST ?? '127.0.0.1';

const database = new Database(databaseFile);
database.pragma('journal_mode = WAL');

// The permission each key holds and each verification asks for, as forward auth asks for reports:read.
const PERMISSIONS = { reports: ['read'] };

const options = {
  database,
  secret: 'latchkey bench: Better Auth peer, not a real secret',
  baseURL: `http://${host}`,
  emailAndPassword: { enabled: true },
  // Its own rate limiting off, as Latchkey's is set out of reach in the bench.
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  logger: { level: 'warn' },
  plugins: [apiKey({ rateLimit: { enabled: false } })],
};

// Before betterAuth(), which otherwise reports the missing tables it is about to get.
const { runMigrations } = await getMigrations(options);
await runMigrations();
const auth = betterAuth(options);

async function seedKeys(count, file) {
  const { headers, response } = await auth.api.signUpEmail({
    body: { email: 'bench@bench.invalid', password: 'bench password, long enough', name: 'Bench' },
    returnHeaders: true,
  });
  const cookie = headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .find((value) => value.startsWith('better-auth.session_token='));
  if (!cookie) throw new Error('signUpEmail set no better-auth.session_token cookie');
  const keys = [];
  for (let index = 0; index < count; index++) {
    const created = await auth.api.createApiKey({
      body: { userId: response.user.id, name: `pool-${index}`, permissions: PERMISSIONS },
    });
    keys.push({ id: created.id, key: created.key });
  }
  writeFileSync(file, JSON.stringify({ cookie, keys }));
}

const seedCount = Number(process.env.BETTER_AUTH_SEED_KEYS ?? 0);
if (seedCount > 0) {
  if (!process.env.BETTER_AUTH_SEED_FILE) throw new Error('Set BETTER_AUTH_SEED_FILE to write the keys to');
  await seedKeys(seedCount, process.env.BETTER_AUTH_SEED_FILE);
}

const authHandler = toNodeHandler(auth);

/** `GET /verify` with the key in `x-api-key`: 200 with whose key it is, or 401. */
async function handleVerify(request, response) {
  const key = request.headers['x-api-key'];
  const result =
    typeof key === 'string'
      ? await auth.api.verifyApiKey({ body: { key, permissions: PERMISSIONS } })
      : { valid: false, error: { code: 'MISSING_KEY' } };
  const body = result.valid
    ? JSON.stringify({ userId: result.key.referenceId })
    : JSON.stringify({ error: result.error?.code ?? 'INVALID' });
  response.writeHead(result.valid ? 200 : 401, { 'content-type': 'application/json' });
  response.end(body);
}

const server = createServer((request, response) => {
  // Better Auth's own HTTP API (sign-in, /api/auth/api-key/delete, ...), used to delete keys as a person would.
  if (request.url?.startsWith('/api/auth/')) return void authHandler(request, response);
  if (request.url === '/verify') {
    return void handleVerify(request, response).catch((error) => {
      console.error(error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  }
  response.writeHead(404);
  response.end();
});

server.listen(Number(process.env.PORT ?? 0), host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : process.env.PORT;
  console.log(`Better Auth ready at http://${host}:${port}/verify`);
});

function shutDown() {
  server.close(() => {
    database.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
