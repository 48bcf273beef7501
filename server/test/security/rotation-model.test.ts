import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { type Credentials, createTestApp, DAY, MINUTE, type TestApp, TestClock } from '../support/app.js';

// Rotation against a model of every secret each token was ever given: after every step, each of them is tried,
// and exactly those the model calls alive authenticate (a dead one never does, a live one always does). The
// verifier's cache is kept warm by those tries, so a step that forgets to evict shows here.
const RUNS = Number(process.env.LATCHKEY_STATE_MACHINE_RUNS ?? 40);
const HOUR = 60 * MINUTE;
const SESSION_LIFETIME = config.sessionTtlDays * DAY;
const overlapMs = { NONE: 0, ONE_HOUR: HOUR, ONE_DAY: DAY, SEVEN_DAYS: 7 * DAY } as const;
type Overlap = keyof typeof overlapMs;
const expirationDays = { DAYS_30: 30, DAYS_90: 90, YEAR_1: 365 } as const;
type Expiration = keyof typeof expirationDays;

interface ModelToken {
  id: string;
  /** Every secret it was ever given, oldest first; the last is the current one. */
  secrets: string[];
  previousSecret: string | null;
  previousValidUntil: number | null;
  createdAt: number;
  rotatedAt: number | null;
  expiresAt: number;
  revoked: boolean;
}

type Step =
  | { kind: 'generate'; expiration: Expiration }
  | { kind: 'rotate'; target: number; overlap: Overlap; self: boolean }
  | { kind: 'revoke' | 'restore'; target: number }
  | { kind: 'advance'; milliseconds: number }
  | { kind: 'advanceToOverlapEnd'; target: number; offset: -1 | 0 | 1 };

const documents = {
  generate: `mutation ($input: GenerateTokenInput!) {
    generateToken(input: $input) { ... on GenerateTokenSuccess { secret token { id } } }
  }`,
  rotate: `mutation ($id: ID!, $overlap: RotationOverlap!) {
    rotateToken(id: $id, overlap: $overlap) { __typename ... on RotateTokenSuccess { secret } }
  }`,
  revoke: 'mutation ($id: ID!) { revokeToken(id: $id) { __typename } }',
  restore: 'mutation ($id: ID!) { restoreToken(id: $id) { __typename } }',
  use: '{ viewer { currentToken { id } } }',
  list: '{ viewer { tokens(first: 10) { edges { node { id expiresAt rotatedAt previousSecretValidUntil } } } } }',
};

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

const isActive = (token: ModelToken, now: number) => !token.revoked && now < token.expiresAt;

/** Whether `secret` of `token` authenticates at `now`, as the specification says. */
function alive(token: ModelToken, secret: string, now: number): boolean {
  if (!isActive(token, now)) return false;
  if (secret === token.secrets.at(-1)) return true;
  return secret === token.previousSecret && now < Math.min(token.previousValidUntil ?? 0, token.expiresAt);
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('generate' as const),
      expiration: fc.constantFrom(...(Object.keys(expirationDays) as Expiration[])),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('rotate' as const),
      target: fc.nat(5),
      overlap: fc.constantFrom(...(Object.keys(overlapMs) as Overlap[])),
      self: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constantFrom('revoke' as const, 'restore' as const), target: fc.nat(5) }),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(MINUTE, 59 * MINUTE, HOUR, 23 * HOUR, DAY, 6 * DAY, 7 * DAY, 20 * DAY, 40 * DAY)
      .map((milliseconds) => ({ kind: 'advance' as const, milliseconds })),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advanceToOverlapEnd' as const),
      target: fc.nat(5),
      offset: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    }),
  },
);

async function runSequence(steps: Step[], counter: { tries: number }) {
  const app: TestApp = createTestApp({ clock: new TestClock() });
  const person = await app.signUp();
  let session: Credentials = { cookie: person.cookie };
  let signedInAt = app.clock.now().getTime();
  const now = () => app.clock.now().getTime();
  // Session mutations need a recent sign-in; that rule has its own tests.
  const freshSession = async () => {
    if (now() - signedInAt > 5 * MINUTE || now() - signedInAt >= SESSION_LIFETIME) {
      session = { cookie: await app.signIn(person) };
      signedInAt = now();
    }
    return session;
  };
  const tokens: ModelToken[] = [];

  for (const [index, step] of steps.entries()) {
    const where = `step ${index} ${JSON.stringify(step)}`;
    const target = 'target' in step ? pick(tokens, step.target) : undefined;
    if (step.kind === 'generate') {
      if (tokens.length >= 3) continue;
      const result = await app.data(
        documents.generate,
        {
          input: {
            name: `token ${tokens.length}`,
            expiration: step.expiration,
            permissions: ['profile:read', 'tokens:write'],
          },
        },
        await freshSession(),
      );
      const { secret, token } = result.generateToken;
      tokens.push({
        id: token.id,
        secrets: [secret],
        previousSecret: null,
        previousValidUntil: null,
        createdAt: now(),
        rotatedAt: null,
        expiresAt: now() + expirationDays[step.expiration] * DAY,
        revoked: false,
      });
    } else if (step.kind === 'rotate' && target) {
      const current = target.secrets.at(-1) as string;
      const as = step.self ? { token: current } : await freshSession();
      const response = await app.request(documents.rotate, { id: target.id, overlap: step.overlap }, as);
      if (step.self && !isActive(target, now())) {
        expect(response.status, where).toBe(401);
      } else if (!isActive(target, now())) {
        expect(response.body.data.rotateToken.__typename, where).toBe('InvalidTransitionError');
      } else {
        const { __typename, secret } = response.body.data.rotateToken;
        expect(__typename, where).toBe('RotateTokenSuccess');
        const lifetime = Math.min(target.expiresAt - (target.rotatedAt ?? target.createdAt), 365 * DAY);
        const expiresAt = now() + lifetime;
        const end = Math.min(now() + overlapMs[step.overlap], target.expiresAt, expiresAt);
        Object.assign(target, {
          secrets: [...target.secrets, secret],
          previousSecret: end > now() ? current : null,
          previousValidUntil: end > now() ? end : null,
          rotatedAt: now(),
          expiresAt,
        });
      }
    } else if (step.kind === 'revoke' && target) {
      await app.data(documents.revoke, { id: target.id }, await freshSession());
      if (isActive(target, now()))
        Object.assign(target, { revoked: true, previousSecret: null, previousValidUntil: null });
    } else if (step.kind === 'restore' && target) {
      const result = await app.data(documents.restore, { id: target.id }, await freshSession());
      const restorable = target.revoked && now() < target.expiresAt;
      expect(result.restoreToken.__typename, where).toBe(
        restorable || isActive(target, now()) ? 'RestoreTokenSuccess' : 'InvalidTransitionError',
      );
      if (restorable) target.revoked = false;
    } else if (step.kind === 'advance') {
      app.clock.advance(step.milliseconds);
    } else if (step.kind === 'advanceToOverlapEnd' && target?.previousValidUntil) {
      app.clock.advance(Math.max(1, target.previousValidUntil + step.offset - now()));
    }

    for (const token of tokens) {
      for (const [position, secret] of token.secrets.entries()) {
        counter.tries++;
        const response = await app.request(documents.use, {}, { token: secret });
        const expected = alive(token, secret, now());
        expect(
          response.status === 200,
          `${where}: secret #${position} of ${token.id}, expected alive=${expected}`,
        ).toBe(expected);
      }
    }
    const list = await app.data(documents.list, {}, await freshSession());
    const shown = Object.fromEntries(
      list.viewer.tokens.edges.map(({ node }: { node: { id: string } }) => [node.id, node]),
    );
    for (const token of tokens) {
      const end = token.previousValidUntil;
      expect(shown[token.id], `${where}: ${token.id} as listed`).toEqual({
        id: token.id,
        expiresAt: iso(token.expiresAt),
        rotatedAt: iso(token.rotatedAt),
        previousSecretValidUntil: end !== null && end > now() ? iso(end) : null,
      });
    }
  }
}

describe('token rotation, against a model of every secret ever issued', () => {
  it('lets exactly the live secrets authenticate after every step of random rotations, revocations and clock moves', async ({
    annotate,
  }) => {
    const counter = { tries: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 5, maxLength: 25 }), (steps) =>
        runSequence(steps, counter),
      ),
      { numRuns: RUNS },
    );
    await annotate(`${counter.tries} secrets tried in ${RUNS} sequences`);
    expect(counter.tries).toBeGreaterThanOrEqual(RUNS * 5);
  }, 300_000);
});
