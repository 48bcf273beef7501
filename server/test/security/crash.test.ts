import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { localId } from '../support/app.js';
import { testEngine } from '../support/database.js';
import { type RunningServer, startServerProcess } from '../support/server-process.js';
import { replayDisagreements, replayTokenAudit, storedTokenStates } from './support/account-state.js';

const CRASHES = 20;
const TARGETS = 4;
const SEED = Number(process.env.LATCHKEY_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

type State = 'ACTIVE' | 'REVOKED';
type Transition = 'revoke' | 'restore';
const resultOf: Record<Transition, State> = { revoke: 'REVOKED', restore: 'ACTIVE' };

/** A small seeded generator, so the sequence of choices (not the timing) can be replayed with the seed. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % below;
  };
}

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: the answers' shapes are checked where they are read
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as any };
}

const transitionDocument = {
  revoke: 'mutation ($id: ID!) { revokeToken(id: $id) { __typename ... on RevokeTokenSuccess { token { status } } } }',
  restore:
    'mutation ($id: ID!) { restoreToken(id: $id) { __typename ... on RestoreTokenSuccess { token { status } } } }',
};
const successType = { revoke: 'RevokeTokenSuccess', restore: 'RestoreTokenSuccess' };

async function prepareAccount(server: RunningServer) {
  const signUp = await post(
    server.url,
    'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename ... on SignUpSuccess { user { id } } } }',
    { input: { email: 'crash@example.com', password: 'correct horse battery' } },
    {},
  );
  expect(signUp.body.data.signUp.__typename, signUp.text).toBe('SignUpSuccess');
  const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const generate = async (name: string, permissions: string[], expiration = 'DAYS_30') => {
    const response = await post(
      server.url,
      `mutation ($input: GenerateTokenInput!) {
        generateToken(input: $input) { __typename ... on GenerateTokenSuccess { secret token { id } } }
      }`,
      { input: { name, expiration, permissions } },
      { cookie },
    );
    expect(response.body.data.generateToken.__typename, response.text).toBe('GenerateTokenSuccess');
    return { id: response.body.data.generateToken.token.id as string, secret: response.body.data.generateToken.secret };
  };
  // A token restores only tokens it could have minted: the driver holds the targets' permission and outlives them.
  const driver = await generate('crash driver', ['profile:read', 'tokens:read', 'tokens:write'], 'DAYS_60');
  const targets: string[] = [];
  for (let index = 0; index < TARGETS; index++) targets.push((await generate(`target ${index}`, ['profile:read'])).id);
  return { userId: signUp.body.data.signUp.user.id as string, driver, targets };
}

interface Round {
  acknowledged: Map<string, Transition>;
  inFlight: Map<string, Transition>;
  unexpected: string[];
}

/**
 * Sends revokes and restores, one at a time per token and all tokens at once, and kills the server with
 * SIGKILL as soon as `killAfter` of them have been acknowledged; the others are then mid-flight.
 */
async function crashDuringStream(
  server: RunningServer,
  driverSecret: string,
  targets: string[],
  killAfter: number,
  random: (below: number) => number,
) {
  const round: Round = { acknowledged: new Map(), inFlight: new Map(), unexpected: [] };
  const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
  const asDriver = { authorization: `Bearer ${driverSecret}` };
  let acknowledgements = 0;
  let killed = false;
  const worker = async (target: string) => {
    while (!killed) {
      const transition: Transition = random(2) === 0 ? 'revoke' : 'restore';
      round.inFlight.set(target, transition);
      let answer: Awaited<ReturnType<typeof post>>;
      try {
        answer = await post(server.url, transitionDocument[transition], { id: target }, asDriver);
      } catch {
        return; // The connection died with the server: this one was never acknowledged.
      }
      const field = transition === 'revoke' ? 'revokeToken' : 'restoreToken';
      if (answer.body?.data?.[field]?.__typename !== successType[transition]) {
        round.unexpected.push(`${transition} ${target}: HTTP ${answer.status} ${answer.text}`);
        round.inFlight.delete(target);
        continue;
      }
      // A complete success answer is an acknowledgement, even one that arrives just after the kill.
      round.inFlight.delete(target);
      round.acknowledged.set(target, transition);
      acknowledgements++;
      if (acknowledgements >= killAfter && !killed) {
        killed = true;
        server.process.kill('SIGKILL');
      }
    }
  };
  await Promise.all(targets.map(worker));
  await exited;
  return round;
}

/** `stop()` waits for an exit that a process killed by a signal has already made. */
async function stopUnlessDead(server: RunningServer) {
  if (server.process.exitCode === null && server.process.signalCode === null) await server.stop();
}

/** Reads the file beside the running server on a read-only connection: it must be sound and self-consistent. */
function inspectDatabase(file: string, userId: string) {
  const connection = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = connection.pragma('integrity_check', { simple: true });
    const rows = connection
      .prepare<[string], { id: string; revokedAt: string | number | null }>(
        'SELECT "id", "revokedAt" FROM "PersonalAccessToken" WHERE "userId" = ?',
      )
      .all(userId);
    const events = connection
      .prepare<[string], { action: string; tokenId: string | null }>(
        'SELECT "action", "tokenId" FROM "AuditEvent" WHERE "userId" = ? ORDER BY "id"',
      )
      .all(userId);
    const replay = replayTokenAudit(events);
    const stored = storedTokenStates(
      rows.map((row) => ({ id: row.id, revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt) })),
      replay.tokens.keys(),
    );
    return { integrity, impossible: replay.impossible, disagreements: replayDisagreements(replay.tokens, stored) };
  } finally {
    connection.close();
  }
}

describe.skipIf(testEngine !== 'sqlite')('a server killed mid-stream (SQLite)', () => {
  it('keeps every acknowledged revoke and restore, and a sound database, across 20 kills at random moments', async () => {
    const random = seededRandom(SEED);
    const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-crash-'));
    const file = path.join(directory, 'latchkey.db');
    const environment = { DATABASE_URL: `file:${file}` };
    let server = await startServerProcess(environment);
    try {
      const { userId, driver, targets } = await prepareAccount(server);
      const localUserId = localId(userId);
      const known = new Map<string, State>(targets.map((target) => [target, 'ACTIVE']));
      const variables = targets.map((_, index) => `$id${index}: ID!`).join(', ');
      const fields = targets.map(
        (_, index) => `t${index}: node(id: $id${index}) { ... on PersonalAccessToken { status } }`,
      );
      const statusQuery = `query (${variables}) { ${fields.join(' ')} }`;

      for (let crash = 1; crash <= CRASHES; crash++) {
        const context = `seed ${SEED}, crash ${crash}`;
        const killAfter = 1 + random(25);
        const round = await crashDuringStream(server, driver.secret, targets, killAfter, random);
        expect(round.unexpected, `${context}: answers other than success`).toEqual([]);

        server = await startServerProcess(environment);
        const read = await post(
          server.url,
          statusQuery,
          Object.fromEntries(targets.map((target, index) => [`id${index}`, target])),
          { authorization: `Bearer ${driver.secret}` },
        );
        expect(read.status, `${context}: ${read.text}`).toBe(200);
        for (const [index, target] of targets.entries()) {
          const acknowledged = round.acknowledged.get(target);
          const inFlight = round.inFlight.get(target);
          const allowed = new Set<State>([acknowledged ? resultOf[acknowledged] : (known.get(target) as State)]);
          if (inFlight) allowed.add(resultOf[inFlight]);
          const status = read.body.data[`t${index}`]?.status;
          expect(
            [...allowed],
            `${context}: token ${index} is ${status}; last acknowledged ${acknowledged ?? 'none'}, in flight ${inFlight ?? 'none'}`,
          ).toContain(status);
          known.set(target, status);
        }
        expect(inspectDatabase(file, localUserId), context).toEqual({
          integrity: 'ok',
          impossible: [],
          disagreements: [],
        });
      }

      await stopUnlessDead(server);
      const connection = new Database(file, { fileMustExist: true });
      try {
        expect(connection.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(connection.pragma('foreign_key_check')).toEqual([]);
      } finally {
        connection.close();
      }
      expect(inspectDatabase(file, localUserId)).toEqual({ integrity: 'ok', impossible: [], disagreements: [] });
    } finally {
      await stopUnlessDead(server);
      rmSync(directory, { recursive: true, force: true });
    }
  }, 180_000);
});
