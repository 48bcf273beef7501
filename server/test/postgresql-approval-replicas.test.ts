import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { fromTheShell } from './support/admin-matrix.js';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

// An approval made through one replica holds on the other from its very next request, although the other one
// verified the pending token and cached the refusal: the approval's message makes it forget (tokens/invalidation.ts).
let directory: string;
let replicaA: RunningServer;
let replicaB: RunningServer;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'latchkey-approval-replicas-'));
  const catalogue = JSON.parse(await readFile(path.join(import.meta.dirname, 'support/catalogue.json'), 'utf8'));
  const { $schema: _schema, ...services } = catalogue;
  const configFile = path.join(directory, 'latchkey.config.json');
  await writeFile(configFile, JSON.stringify({ ...services, policies: { approvalRequired: ['reports:write'] } }));
  // A cache lifetime far beyond the test: only the message between replicas can explain the change.
  const env = { DATABASE_URL: testDatabaseUrl, LATCHKEY_TOKEN_CACHE_TTL_SECONDS: '3600', LATCHKEY_CONFIG: configFile };
  [replicaA, replicaB] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function call(replica: RunningServer, query: string, variables: object, headers: Record<string, string>) {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, cookie: response.headers.get('set-cookie'), body: await response.json() };
}

async function signUpOn(replica: RunningServer) {
  const email = `approval-replica-${Math.random().toString(36).slice(2)}@example.com`;
  const signedUp = await call(
    replica,
    'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }',
    { input: { email, password: 'correct horse battery' } },
    {},
  );
  return { email, session: { cookie: (signedUp.cookie ?? '').split(';')[0] ?? '' } };
}

const viewerQuery = '{ viewer { email } }';

describe('two replicas on one PostgreSQL database', () => {
  it('accept a pending token on B from the request after A approved it', async () => {
    const owner = await signUpOn(replicaA);
    const administrator = await signUpOn(replicaA);
    await setAdministrator(administrator.email, true, fromTheShell());
    const generated = await call(
      replicaA,
      `mutation ($input: GenerateTokenInput!) {
        generateToken(input: $input) { ... on GenerateTokenSuccess { secret token { id status } } }
      }`,
      { input: { name: 'replicated request', expiration: 'DAYS_30', permissions: ['reports:write', 'profile:read'] } },
      owner.session,
    );
    const { secret, token } = generated.body.data.generateToken;
    expect(token.status).toBe('PENDING');
    const bearer = { authorization: `Bearer ${secret}` };
    for (let i = 0; i < 3; i++) expect((await call(replicaB, viewerQuery, {}, bearer)).status).toBe(401);

    const approved = await call(
      replicaA,
      'mutation ($id: ID!) { approveToken(id: $id) { __typename } }',
      { id: token.id },
      administrator.session,
    );
    expect(approved.body.data.approveToken.__typename).toBe('ApproveTokenSuccess');
    // NOTIFY is delivered once the approval commits; B's listener then forgets its cached refusal.
    await expect
      .poll(async () => (await call(replicaB, viewerQuery, {}, bearer)).body.data?.viewer.email, { timeout: 5000 })
      .toBe(owner.email);
  });
});
