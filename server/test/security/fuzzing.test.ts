import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTokenSecret } from '../../src/tokens/format.js';
import { createTestApp, deleteMutation, localId, restoreMutation, revokeMutation } from '../support/app.js';
import { accountSnapshot } from './support/account-state.js';
import { describeProblems, type HttpAnswer, problemsWith } from './support/leaks.js';

const LATCHKEY_PERMISSIONS = ['profile:read', 'tokens:read', 'tokens:write', 'audit:read'];
// The example catalogue's (latchkey.config.json): the fuzzing token does not hold them.
const OPERATOR_PERMISSIONS = ['reports:read', 'reports:write'];

const RUNS = Number(process.env.LATCHKEY_FUZZ_RUNS ?? 250);
const HUGE = 200 * 1024;

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
/** Single characters that have broken parsers, encoders and databases before. */
const nastyCharacter = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: loneSurrogate },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\u0007',
      '\n',
      '\r',
      '\t',
      '"',
      "'",
      '\\',
      '%',
      '_',
      '\u202e',
      '\ufeff',
      '\uffff',
      '𝕏',
      'İ',
      'ß',
    ),
  },
);
const nastyString = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: nastyCharacter, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '   ', 'null', 'undefined', '0', '-1', 'NaN', '[]', '{}', '%00') },
  {
    weight: 1,
    // About 200 KB once encoded as JSON (a NUL or a lone surrogate takes six bytes there).
    arbitrary: fc
      .constantFrom('x', '\u0000', '\ud800', '🙂')
      .map((unit) => unit.repeat(Math.floor(HUGE / Buffer.byteLength(JSON.stringify(unit).slice(1, -1))))),
  },
);
const base62String = (length: number) =>
  fc.string({ unit: fc.constantFrom(...base62), minLength: length, maxLength: length });

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const owner = await app.generateToken(session, { name: 'fuzz owner' });
  const revoked = await app.generateToken(session, { name: 'fuzz revoked' });
  await app.data(revokeMutation, { id: revoked.id }, session);
  const stranger = await app.signUp();
  const strangers = await app.generateToken({ cookie: stranger.cookie }, { name: 'stranger' });
  const userId = localId(person.userId);
  const ownIds = {
    PersonalAccessToken: [owner.id, revoked.id].map(localId),
    User: [userId],
    AuditEvent: (await accountSnapshot(userId)).audit.map((event) => event.id),
  };
  const credentials = fc.constantFrom({ cookie: person.cookie }, { token: owner.secret });
  return { app, person, session, owner, revoked, strangers, userId, ownIds, credentials };
}

/** A raw request, with a body of any shape, so that what is sent is exactly what was generated. */
async function send(
  app: ReturnType<typeof createTestApp>,
  body: string | Uint8Array,
  headers: Record<string, string>,
): Promise<HttpAnswer> {
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, text: await response.text() };
}

const asHeaders = (credentials: { cookie?: string; token?: string }): Record<string, string> =>
  credentials.cookie ? { cookie: credentials.cookie } : { authorization: `Bearer ${credentials.token}` };

const documents = [
  '{ viewer { id email tokens { totalCount } } }',
  'query ($id: ID!) { node(id: $id) { id } }',
  revokeMutation,
  restoreMutation,
  deleteMutation,
  'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename } }',
  'query ($search: String, $first: Int) { viewer { tokens(search: $search, first: $first) { totalCount } } }',
];

function nested(depth: number, leaf: string, open: string, close: string) {
  return `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;
}

/** Bodies a client should never send: bytes, broken JSON, wrong types, huge, deeply nested, odd unicode. */
const garbageBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.string({ unit: nastyCharacter, maxLength: 400 }),
  fc
    .tuple(fc.constantFrom(...documents), fc.nat(), fc.string({ unit: nastyCharacter, maxLength: 3 }))
    .map(([query, cut, insert]) => {
      const json = JSON.stringify({ query, variables: { id: 'x' } });
      const at = cut % json.length;
      return json.slice(0, at) + insert + json.slice(at + (cut % 3));
    }),
  fc
    .record(
      {
        query: fc.oneof(fc.anything(), fc.constantFrom(...documents), nastyString),
        variables: fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.anything())),
        operationName: fc.oneof(fc.anything(), nastyString),
        extensions: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
  fc
    .tuple(fc.constantFrom(...documents), nastyString, nastyString)
    .map(([query, id, search]) => JSON.stringify({ query: `${query}${search}`, variables: { id, search, input: id } })),
  fc.constantFrom('{', '[', '"').map((unit) => unit.repeat(HUGE)),
  fc
    .integer({ min: 1000, max: 100_000 })
    .map((depth) => `{"query":"{ viewer { id } }","variables":{"a":${nested(depth, '1', '[', ']')}}}`),
  fc.integer({ min: 1000, max: 50_000 }).map((depth) => nested(depth, '{}', '{"a":', '}')),
  fc
    .integer({ min: 100, max: 5000 })
    .map((depth) => JSON.stringify({ query: `{ ${nested(depth, 'id', 'viewer { ', ' }')} }` })),
  fc
    .integer({ min: 1000, max: 30_000 })
    .map(
      (depth) =>
        `{"query":${JSON.stringify(documents[5])},"variables":{"input":{"name":${nested(depth, '"x"', '[', ']')},` +
        '"expiration":"DAYS_30","permissions":["profile:read"]}}}',
    ),
);

/** The server refuses text no database column can hold (NUL, unpaired surrogates) up front, with one clear error. */
function isUnstorableTextRefusal(body: { errors?: { message: string; extensions?: { code?: string } }[] }): boolean {
  const error = body.errors?.[0];
  return (
    error?.extensions?.code === 'BAD_USER_INPUT' &&
    /^(Text may not contain NUL characters|Variables may nest at most)/.test(error.message)
  );
}

describe('fuzzed requests', () => {
  it('answer garbage bodies with a clear 4xx or GraphQL error, never a 5xx, an internal error or internal details, and change nothing', async () => {
    const { app, userId, credentials } = await setUp();
    const before = await accountSnapshot(userId);
    await fc.assert(
      fc.asyncProperty(garbageBody, fc.option(credentials), async (body, as) => {
        const answer = await send(app, body, as ? asHeaders(as) : {});
        expect(problemsWith(answer), describeProblems(answer)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(await accountSnapshot(userId)).toEqual(before);
  }, 120_000);

  it("answer malformed JSON with a clear 400 that does not repeat the JSON parser's own error", async () => {
    const { app } = await setUp();
    const isJson = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const malformed = fc
      .oneof(
        fc.string({ unit: nastyCharacter, maxLength: 80 }),
        fc
          .tuple(fc.constantFrom(...documents), fc.nat())
          .map(([query, cut]) => JSON.stringify({ query }).slice(0, cut % JSON.stringify({ query }).length)),
      )
      .filter((text) => text.trim() !== '' && !isJson(text)); // An empty body is a missing query, not bad JSON.
    await fc.assert(
      fc.asyncProperty(malformed, async (body) => {
        const answer = await send(app, body, {});
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.text)).toEqual({
          errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }],
        });
      }),
      { numRuns: 50 },
    );
  });

  it('refuse every Authorization header that does not carry a live token with one identical 401', async () => {
    const { app, owner, revoked, userId } = await setUp();
    const before = await accountSnapshot(userId);
    const query = JSON.stringify({ query: '{ viewer { id } }' });
    const reference = await send(app, query, { authorization: 'Bearer not-a-token' });
    expect(reference.status).toBe(401);
    expect(JSON.parse(reference.text)).toEqual({
      errors: [{ message: 'The access token is invalid, expired or revoked.', extensions: { code: 'INVALID_TOKEN' } }],
    });
    // Header values are byte strings without line breaks or NUL; anything else never leaves the client.
    const headerCharacter = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
      fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
      fc.constant('\t'),
    );
    const wrongSecret = fc.oneof(
      fc.string({ unit: headerCharacter, maxLength: 80 }),
      base62String(38).map((random) => `lkpat_${random}`),
      fc.constant(null).map(() => generateTokenSecret()),
      fc.constant(revoked.secret),
      fc
        .tuple(fc.nat(owner.secret.length - 1), fc.constantFrom(...base62))
        .map(([at, character]) => owner.secret.slice(0, at) + character + owner.secret.slice(at + 1))
        .filter((secret) => secret !== owner.secret),
      fc.constantFrom(owner.secret.toLowerCase(), owner.secret.slice(0, -1), `${owner.secret}=`),
      fc.constant('x'.repeat(HUGE)),
    );
    const scheme = fc.constantFrom('Bearer ', 'bearer ', 'BEARER\t', 'Bearer  ', 'Token ', 'Basic ', '', 'Bearer ,');
    await fc.assert(
      fc.asyncProperty(scheme, wrongSecret, async (prefix, secret) => {
        const answer = await send(app, query, { authorization: `${prefix}${secret}` });
        expect(answer.status, `${prefix}${secret}`).toBe(401);
        expect(answer.text, `${prefix}${secret}`).toBe(reference.text);
      }),
      { numRuns: RUNS },
    );
    expect(await accountSnapshot(userId)).toEqual(before);
  }, 120_000);

  describe('random global ids', () => {
    async function idProperty(globalIdFor: (ids: Awaited<ReturnType<typeof setUp>>) => fc.Arbitrary<string>) {
      const setup = await setUp();
      const { app, userId, ownIds, credentials } = setup;
      const before = await accountSnapshot(userId);
      const resolvesToOwn = (id: string) => {
        try {
          const decoded = decodeGlobalID(id);
          return (ownIds[decoded.typename as keyof typeof ownIds] ?? []).includes(decoded.id);
        } catch {
          return false;
        }
      };
      const notFound = { __typename: 'NotFoundError', message: 'No token with that id exists.' };
      await fc.assert(
        fc.asyncProperty(globalIdFor(setup), credentials, async (id, as) => {
          fc.pre(!resolvesToOwn(id));
          const request = async (query: string) => {
            const answer = await app.request(query, { id }, as);
            expect(problemsWith(answer), describeProblems(answer)).toEqual([]);
            return answer.body;
          };
          const node = await request('query ($id: ID!) { node(id: $id) { __typename id } }');
          if (isUnstorableTextRefusal(node)) return;
          expect(node.data, JSON.stringify(node)).toEqual({ node: null });
          expect(await request(revokeMutation)).toEqual({ data: { revokeToken: notFound } });
          expect(await request(restoreMutation)).toEqual({ data: { restoreToken: notFound } });
          expect(await request(deleteMutation)).toEqual({ data: { deleteToken: notFound } });
        }),
        { numRuns: RUNS },
      );
      expect(await accountSnapshot(userId)).toEqual(before);
    }

    it('of the token type find nothing in node, revoke, restore and delete, answering clearly and changing nothing', async () => {
      await idProperty(({ ownIds, strangers }) => {
        const localPart = fc.oneof(
          nastyString,
          base62String(29).map((id) => id.toLowerCase()),
          fc.constantFrom(...ownIds.AuditEvent, ...ownIds.User, localId(strangers.id)),
          fc.constantFrom(...ownIds.PersonalAccessToken).map((id) => `${id}:x`),
          fc.constantFrom(...ownIds.PersonalAccessToken).map((id) => `${id}\u0000`),
          fc.constantFrom(...ownIds.PersonalAccessToken).map((id) => id.toUpperCase()),
        );
        return fc.oneof(
          localPart.map((id) => encodeGlobalID('PersonalAccessToken', id)),
          localPart.map((id) => Buffer.from(`PersonalAccessToken:${id}`).toString('base64url')),
          fc.constant(strangers.id),
        );
      });
    }, 120_000);

    it('of other types, or not global ids at all, find nothing either, answering clearly and changing nothing', async () => {
      await idProperty(({ ownIds }) => {
        const typename = fc.constantFrom(
          'AuditEvent',
          'User',
          'Session',
          'RateLimitCounter',
          'personalaccesstoken',
          'PersonalAccessToken ',
          '',
          'Node',
          'Error',
          'Query',
          'NotFoundError',
          'GenerateTokenSuccess',
        );
        const localPart = fc.oneof(nastyString, fc.constantFrom(...ownIds.PersonalAccessToken));
        return fc.oneof(
          nastyString,
          fc.base64String({ maxLength: 80 }),
          fc.tuple(typename, localPart).map(([type, id]) => encodeGlobalID(type, id)),
        );
      });
    }, 120_000);
  });

  describe('random list arguments', () => {
    const query = `query ($search: String, $first: Int, $last: Int, $after: String, $before: String, $status: TokenStatus, $tokenId: ID) {
      viewer {
        tokens(search: $search, first: $first, last: $last, after: $after, before: $before, status: $status) {
          totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage }
        }
        auditEvents(tokenId: $tokenId, first: $first, last: $last, after: $after, before: $before) { edges { node { id } } }
      }
    }`;

    async function listProperty(
      variablesFor: (ownIds: {
        PersonalAccessToken: string[];
        AuditEvent: string[];
      }) => fc.Arbitrary<Record<string, unknown>>,
    ) {
      const { app, userId, ownIds, credentials } = await setUp();
      const before = await accountSnapshot(userId);
      await fc.assert(
        fc.asyncProperty(variablesFor(ownIds), credentials, async (variables, as) => {
          const answer = await app.request(query, variables, as);
          expect(problemsWith(answer), describeProblems(answer)).toEqual([]);
        }),
        { numRuns: RUNS },
      );
      expect(await accountSnapshot(userId)).toEqual(before);
    }

    it('(search text, status and token filters) are answered clearly, changing nothing', async () => {
      await listProperty(() =>
        fc.record(
          {
            search: nastyString,
            status: fc.constantFrom('ACTIVE', 'REVOKED', 'EXPIRED'),
            tokenId: fc.oneof(
              nastyString,
              nastyString.map((id) => encodeGlobalID('PersonalAccessToken', id)),
            ),
          },
          { requiredKeys: [] },
        ),
      );
    }, 120_000);

    it('(page sizes and cursors) are answered clearly, changing nothing', async () => {
      await listProperty((ownIds) => {
        const cursor = fc.oneof(
          nastyString,
          fc.base64String({ maxLength: 80 }),
          fc
            .tuple(
              fc.constantFrom('GPC:S:', 'GPC:N:', 'GPC:D:', 'GPC:J:', 'GPC:', ''),
              fc.oneof(
                nastyString,
                fc.constantFrom(...ownIds.PersonalAccessToken, ...ownIds.AuditEvent),
                fc.integer().map(String),
                fc.json(),
              ),
            )
            .map(([prefix, id]) => Buffer.from(`${prefix}${id}`).toString('base64')),
        );
        const size = fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 100 }) },
          {
            weight: 1,
            arbitrary: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(2 ** 31 - 1, -(2 ** 31))),
          },
        );
        return fc.oneof(
          fc.record({ first: size, after: cursor }, { requiredKeys: ['after'] }),
          fc.record({ last: size, before: cursor }, { requiredKeys: ['before'] }),
          fc.record({ first: size, last: size, after: cursor, before: cursor }, { requiredKeys: [] }),
        );
      });
    }, 120_000);
  });

  it('answer random credentials to signIn, signUp and reauthenticate clearly, without touching the account', async () => {
    const { app, userId, session } = await setUp();
    const before = await accountSnapshot(userId);
    const email = fc.oneof(
      nastyString,
      fc.tuple(nastyString, fc.constantFrom('@example.com', '@', '')).map(([local, domain]) => `${local}${domain}`),
    );
    const password = fc.oneof(nastyString, fc.string({ minLength: 8, maxLength: 140 }));
    const documents = {
      signIn: 'mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }',
      signUp: 'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }',
      reauthenticate: 'mutation ($input: ReauthenticateInput!) { reauthenticate(input: $input) { __typename } }',
    };
    const allowed = {
      signIn: ['InvalidCredentialsError', 'ValidationError'],
      signUp: ['SignUpSuccess', 'ValidationError', 'SignUpRefusedError'],
      reauthenticate: ['InvalidCredentialsError'],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('signIn', 'signUp', 'reauthenticate' as const),
        email,
        password,
        async (field, address, secret) => {
          fc.pre(secret !== 'correct horse battery');
          const input = field === 'reauthenticate' ? { password: secret } : { email: address, password: secret };
          const answer = await app.request(documents[field], { input }, field === 'reauthenticate' ? session : {});
          expect(problemsWith(answer), describeProblems(answer)).toEqual([]);
          if (answer.status === 413 || isUnstorableTextRefusal(answer.body)) return;
          expect(allowed[field], answer.text).toContain(answer.body.data?.[field]?.__typename);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await accountSnapshot(userId)).toEqual(before);
  }, 120_000);

  it('answer random generateToken inputs with a token only when the input is valid, and a clear refusal otherwise', async () => {
    const { app, userId, credentials } = await setUp();
    const before = await accountSnapshot(userId);
    const created: { id: string; name: string }[] = [];
    const input = fc.oneof(
      { weight: 1, arbitrary: fc.anything() },
      {
        weight: 6,
        arbitrary: fc.record(
          {
            name: fc.oneof(
              { weight: 6, arbitrary: nastyString },
              { weight: 2, arbitrary: fc.string({ minLength: 95, maxLength: 110 }) },
              { weight: 1, arbitrary: fc.anything() },
            ),
            expiration: fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom('DAYS_7', 'DAYS_30', 'DAYS_60', 'DAYS_90', 'YEAR_1') },
              {
                weight: 1,
                arbitrary: fc.oneof(nastyString, fc.anything(), fc.constantFrom('days_30', 'NEVER', 'DAYS_30 ')),
              },
            ),
            permissions: fc.oneof(
              { weight: 4, arbitrary: fc.subarray([...LATCHKEY_PERMISSIONS, ...OPERATOR_PERMISSIONS]) },
              {
                weight: 1,
                arbitrary: fc.array(
                  fc.oneof(nastyString, fc.constantFrom('ADMIN', 'TOKENS_READ', 'tokens:read', '*')),
                  {
                    maxLength: 3,
                  },
                ),
              },
              { weight: 1, arbitrary: fc.anything() },
            ),
          },
          { requiredKeys: [] },
        ),
      },
    );
    const document = `mutation ($input: GenerateTokenInput!) {
  generateToken(input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on GenerateTokenSuccess { token { id name } }
  }
}`;
    await fc.assert(
      fc.asyncProperty(input, credentials, async (value, as) => {
        const answer = await app.request(document, { input: value }, as);
        expect(problemsWith(answer), describeProblems(answer)).toEqual([]);
        if (answer.status === 413) return; // Larger than any request may be: refused before anything runs.
        if (isUnstorableTextRefusal(answer.body)) return; // NUL or unpaired surrogates: refused before anything runs.
        const result = answer.body.data?.generateToken;
        const verdict = referenceVerdict(value, as.token !== undefined);
        if (verdict.kind === 'coercion') {
          expect(answer.status, describeProblems(answer)).toBe(400);
          expect(answer.body.errors?.[0]?.message, answer.text).toMatch(
            /^Variable "\$input" (?:got invalid value |of non-null type |of required type "GenerateTokenInput!" was not provided)/,
          );
        } else if (verdict.kind === 'too_late') {
          expect(result?.__typename, answer.text).toBe('ExpiryTooLateError');
        } else if (
          verdict.kind === 'invalid' ||
          (verdict.kind === 'unpaired' && result?.__typename !== 'GenerateTokenSuccess')
        ) {
          expect(result?.__typename, answer.text).toBe('ValidationError');
        } else if (result?.__typename === 'GenerateTokenSuccess') {
          expect(result.token.name, 'the stored name is the name sent, trimmed').toBe(verdict.name);
          created.push(result.token);
        } else {
          expect(['NameTakenError', 'TokenLimitError'], answer.text).toContain(result?.__typename);
        }
      }),
      { numRuns: RUNS },
    );
    const after = await accountSnapshot(userId);
    const createdIds = new Set(created.map((token) => localId(token.id)));
    expect(after.tokens.filter((row) => !createdIds.has(row.id))).toEqual(before.tokens);
    expect(after.tokens.filter((row) => createdIds.has(row.id)).length).toBe(created.length);
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit.slice(before.audit.length).map((event) => [event.action, event.tokenId])).toEqual(
      created.map((token) => ['TOKEN_GENERATED', localId(token.id)]),
    );
  }, 120_000);
});

type Verdict =
  | { kind: 'coercion' }
  | { kind: 'invalid' }
  | { kind: 'too_late' }
  | { kind: 'valid' | 'unpaired'; name: string };

/**
 * The specification, independently of the server: GraphQL types first (a string name, an enum expiration
 * when one is given, a list of strings), then the rules (a trimmed name of 1 to 100 characters without control,
 * bidi control or invisible characters; exactly one of expiration and expiresAt; at least one permission, each
 * one the catalogue has; a token may grant only permissions it holds), and last, a token may not mint one that
 * outlives itself (ExpiryTooLateError, naming the latest date allowed). A name with an unpaired surrogate is not text: refusing it
 * is as right as keeping it exactly.
 */
function referenceVerdict(value: unknown, viaOwnerToken: boolean): Verdict {
  const expirations = ['DAYS_7', 'DAYS_30', 'DAYS_60', 'DAYS_90', 'YEAR_1'];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'coercion' };
  const input = value as Record<string, unknown>;
  const extra = Object.keys(input).some((key) => !['name', 'expiration', 'permissions'].includes(key));
  const permissionList = Array.isArray(input.permissions) ? input.permissions : [input.permissions];
  if (
    extra ||
    typeof input.name !== 'string' ||
    (input.expiration !== undefined &&
      input.expiration !== null &&
      !expirations.includes(input.expiration as string)) ||
    input.permissions === undefined ||
    input.permissions === null ||
    !permissionList.every((permission) => typeof permission === 'string')
  ) {
    return { kind: 'coercion' };
  }
  const known: readonly string[] = viaOwnerToken
    ? LATCHKEY_PERMISSIONS
    : [...LATCHKEY_PERMISSIONS, ...OPERATOR_PERMISSIONS];
  const name = input.name.trim();
  const valid =
    [...name].length >= 1 &&
    [...name].length <= 100 &&
    !/[\p{Cc}\u2028\u2029]/u.test(name) &&
    // Nothing that reorders text or hides; the generated names hold no emoji sequence, where a joiner may be.
    !/[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u.test(name) &&
    permissionList.length > 0 &&
    // A name outside the catalogue, or (for the fuzzing token) beyond what it holds, is refused.
    permissionList.every((permission) => known.includes(permission as string)) &&
    input.expiration !== undefined &&
    input.expiration !== null;
  if (!valid) return { kind: 'invalid' };
  // The fuzzing token holds Latchkey's permissions but lives 30 days: it cannot mint anything longer-lived.
  if (viaOwnerToken && !['DAYS_7', 'DAYS_30'].includes(input.expiration as string)) return { kind: 'too_late' };
  return /\p{Cs}/u.test(name) ? { kind: 'unpaired', name } : { kind: 'valid', name };
}
