import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { encodeGlobalID } from '@pothos/plugin-relay';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { db } from '../../src/db.js';
import { generateTokenSecret } from '../../src/tokens/format.js';
import { type Credentials, createTestApp, DAY, localId, MINUTE, type TestApp, TestClock } from '../support/app.js';
import {
  replayDisagreements,
  replayTokenAudit,
  storedTokenStates,
  type TokenRow,
  tokenAuditActions,
  tokenRows,
} from './support/account-state.js';

// Small enough that random sequences run into the limit; the real default is tested elsewhere.
const TOKEN_LIMIT = 3;
const SUDO_WINDOW = 10 * MINUTE;
const SESSION_LIFETIME = config.sessionTtlDays * DAY;
const RUNS = Number(process.env.LATCHKEY_STATE_MACHINE_RUNS ?? 80);

const permissions = ['audit:read', 'profile:read', 'tokens:read', 'tokens:write'] as const;
type Permission = (typeof permissions)[number];
const expirationDays = { DAYS_7: 7, DAYS_30: 30, DAYS_60: 60, DAYS_90: 90, YEAR_1: 365 } as const;
type Expiration = keyof typeof expirationDays;
// Names that collide once trimmed, NFKC-normalised and lower-cased, in ASCII and beyond.
const names = [
  'deploy',
  'Deploy',
  '  DEPLOY ',
  'ｄｅｐｌｏｙ',
  'ci',
  'CI',
  'Ｃｉ',
  'Ärger',
  'ärger',
  'nightly backup',
  'release',
  'monitor',
];
const nameKey = (name: string) => name.trim().normalize('NFKC').toLowerCase();

type Actor = { via: 'session' } | { via: 'token'; pick: number };
type Operation =
  | { kind: 'generate'; actor: Actor; name: string; expiration: Expiration; permissions: Permission[] }
  | { kind: 'revoke' | 'restore' | 'delete'; actor: Actor; target: number }
  | { kind: 'edit'; actor: Actor; target: number; edit: Omit<Edit, 'permissions'> & { permissions: EditPermissions } }
  | { kind: 'use'; target: number };
/** Permissions an edit asks to keep: any list (perhaps adding some), or the target's own less one of them. */
type EditPermissions = Permission[] | { drop: number } | null;
/** What an edit asks for; null leaves it as it is. Permissions may include ones the token lacks (refused). */
interface Edit {
  name: string | null;
  permissions: Permission[] | null;
  expiration: Expiration | null;
}
type Step =
  | Operation
  | { kind: 'together'; first: Operation; second: Operation }
  | { kind: 'advance'; milliseconds: number }
  | { kind: 'advanceToExpiry'; target: number; offset: number }
  | { kind: 'reauthenticate' };

/** An operation with its token picks resolved against the model as it stood when the step began. */
type Concrete =
  | { kind: 'generate'; actorId: string | null; name: string; expiration: Expiration; permissions: Permission[] }
  | { kind: 'revoke' | 'restore' | 'delete'; actorId: string | null; targetId: string }
  | { kind: 'edit'; actorId: string | null; targetId: string; edit: Edit }
  | { kind: 'use'; targetId: string | null; secret: string };

interface ModelToken {
  id: string;
  localId: string;
  secret: string;
  name: string;
  permissions: Permission[];
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  deleted: boolean;
}

interface ModelEvent {
  action: (typeof tokenAuditActions)[number];
  tokenId: string;
  tokenName: string;
  actorType: 'SESSION' | 'TOKEN';
  actorId: string;
  createdAt: number;
}

interface Model {
  now: number;
  userId: string;
  sessionId: string;
  reauthenticatedAt: number;
  sessionExpiresAt: number;
  tokens: ModelToken[];
  events: ModelEvent[];
}

interface Observed {
  status: number;
  body: unknown;
}

interface Alternative {
  expected: Observed;
  next: Model;
}

const missingTokenId = encodeGlobalID('PersonalAccessToken', '0mx0000000000zzzz0000000000000');

const tokenFields = 'id name status permissions { name } createdAt expiresAt revokedAt revocationReason';
const documents = {
  generateToken: `mutation ($input: GenerateTokenInput!) {
  generateToken(input: $input) {
    __typename
    ... on Error { message }
    ... on TokenLimitError { limit }
    ... on ExpiryTooLateError { latestExpiresAt }
    ... on ValidationError { fieldErrors { path message } }
    ... on GenerateTokenSuccess { secret token { ${tokenFields} } }
  }
}`,
  revokeToken: `mutation ($id: ID!) {
  revokeToken(id: $id) { __typename ... on Error { message } ... on RevokeTokenSuccess { token { ${tokenFields} } } }
}`,
  restoreToken: `mutation ($id: ID!) {
  restoreToken(id: $id) { __typename ... on Error { message } ... on RestoreTokenSuccess { token { ${tokenFields} } } }
}`,
  deleteToken: `mutation ($id: ID!) {
  deleteToken(id: $id) { __typename ... on Error { message } ... on DeleteTokenSuccess { deletedTokenId } }
}`,
  updateToken: `mutation ($id: ID!, $input: UpdateTokenInput!) {
  updateToken(id: $id, input: $input) {
    __typename
    ... on Error { message }
    ... on PermissionsNotAllowedError { permissions }
    ... on ExpiryTooLateError { latestExpiresAt }
    ... on UpdateTokenSuccess { token { ${tokenFields} } }
  }
}`,
  use: '{ viewer { id currentToken { id status } } }',
  reauthenticate: `mutation ($password: String!) {
  reauthenticate(input: { password: $password }) { __typename ... on Error { message } }
}`,
  observe: `query ($id: ID!) {
  node(id: $id) { __typename ... on PersonalAccessToken { id status } }
  viewer { tokens(first: 100) { totalCount edges { node { ${tokenFields} } } } }
}`,
};

const fieldOf = {
  generate: 'generateToken',
  revoke: 'revokeToken',
  restore: 'restoreToken',
  delete: 'deleteToken',
  edit: 'updateToken',
};

const invalidToken: Observed = {
  status: 401,
  body: {
    errors: [{ message: 'The access token is invalid, expired or revoked.', extensions: { code: 'INVALID_TOKEN' } }],
  },
};

function forbidden(field: string): Observed {
  return {
    status: 200,
    body: {
      errors: [
        {
          message: 'This requires a token with the tokens:write permission.',
          locations: [{ line: 2, column: 3 }],
          path: [field],
          extensions: { code: 'FORBIDDEN', requiredPermissions: ['tokens:write'] },
        },
      ],
      data: null,
    },
  };
}

const answer = (field: string, payload: unknown): Observed => ({ status: 200, body: { data: { [field]: payload } } });
const notFound = { __typename: 'NotFoundError', message: 'No token with that id exists.' };
const reauthenticationRequired = {
  __typename: 'ReauthenticationRequiredError',
  message: 'Confirm your password to continue: this action needs a recent sign-in.',
};
const invalidTransition = (message: string) => ({ __typename: 'InvalidTransitionError', message });
const validationError = (field: string, message: string) => ({
  __typename: 'ValidationError',
  message,
  fieldErrors: [{ path: ['input', field], message }],
});

function statusOf(token: ModelToken, now: number) {
  if (token.expiresAt <= now) return 'EXPIRED';
  return token.revokedAt === null ? 'ACTIVE' : 'REVOKED';
}

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

function view(token: ModelToken, now: number) {
  return {
    id: token.id,
    name: token.name,
    status: statusOf(token, now),
    permissions: token.permissions.map((name) => ({ name })),
    createdAt: iso(token.createdAt),
    expiresAt: iso(token.expiresAt),
    revokedAt: iso(token.revokedAt),
    revocationReason: token.revokedAt === null ? null : 'OWNER',
  };
}

const liveToken = (model: Model, id: string | null) =>
  model.tokens.find((token) => token.id === id && !token.deleted) ?? null;

function changed(model: Model, token: ModelToken, event: Omit<ModelEvent, 'tokenId' | 'tokenName' | 'createdAt'>) {
  return {
    ...model,
    tokens: model.tokens.some((existing) => existing.id === token.id)
      ? model.tokens.map((existing) => (existing.id === token.id ? token : existing))
      : [...model.tokens, token],
    events: [...model.events, { ...event, tokenId: token.localId, tokenName: token.name, createdAt: model.now }],
  };
}

/** The secret and id of a generated token, read from what the server answered, when it answered success. */
function generatedIdentity(observed: Observed, model: Model) {
  const payload = (observed.body as { data?: { generateToken?: { secret?: unknown; token?: { id?: unknown } } } })?.data
    ?.generateToken;
  const secret = typeof payload?.secret === 'string' ? payload.secret : '';
  const id = typeof payload?.token?.id === 'string' ? payload.token.id : '';
  const fresh = /^lkpat_[0-9A-Za-z]{38}$/.test(secret) && id !== '' && !model.tokens.some((token) => token.id === id);
  return fresh ? { id, secret } : { id: '(a new token id)', secret: '(a new well-formed secret)' };
}

/** Every answer the specification allows for one operation, each with the state it leaves behind. */
function predict(model: Model, operation: Concrete, observed: Observed, authenticatedIn = model): Alternative[] {
  const unchanged = (expected: Observed): Alternative[] => [{ expected, next: model }];
  const authenticates = (id: string | null) => {
    const token = liveToken(authenticatedIn, id);
    return token && statusOf(token, model.now) === 'ACTIVE' ? token : null;
  };
  if (operation.kind === 'use') {
    if (!authenticates(operation.targetId)) return unchanged(invalidToken);
    // The token is read again after authentication: a concurrent change may show.
    const token = liveToken(model, operation.targetId);
    const currentToken = token ? { id: token.id, status: statusOf(token, model.now) } : null;
    return unchanged({ status: 200, body: { data: { viewer: { id: model.userId, currentToken } } } });
  }
  const field = fieldOf[operation.kind];
  const actor = operation.actorId === null ? null : authenticates(operation.actorId);
  if (actor === null && operation.actorId !== null) return unchanged(invalidToken);
  if (actor && !actor.permissions.includes('tokens:write')) return unchanged(forbidden(field));
  const by = actor
    ? { actorType: 'TOKEN' as const, actorId: actor.localId }
    : { actorType: 'SESSION' as const, actorId: model.sessionId };
  const sudoLapsed = !actor && model.now - model.reauthenticatedAt > SUDO_WINDOW;
  const refusals = (payloads: unknown[]) =>
    payloads.map((payload) => ({ expected: answer(field, payload), next: model }));

  if (operation.kind === 'generate') {
    const name = operation.name.trim();
    const expiresAt = model.now + expirationDays[operation.expiration] * DAY;
    const live = model.tokens.filter((token) => !token.deleted);
    const errors: unknown[] = [];
    if (sudoLapsed && operation.permissions.includes('tokens:write')) errors.push(reauthenticationRequired);
    if (actor && !operation.permissions.every((permission) => actor.permissions.includes(permission))) {
      errors.push(validationError('permissions', 'A token can only grant permissions it holds itself.'));
    }
    if (actor && expiresAt > actor.expiresAt) {
      errors.push({
        __typename: 'ExpiryTooLateError',
        message: `A token cannot create a token that outlives it: choose ${iso(actor.expiresAt)} or earlier.`,
        latestExpiresAt: iso(actor.expiresAt),
      });
    }
    if (live.length >= TOKEN_LIMIT) {
      errors.push({
        __typename: 'TokenLimitError',
        message: `You have reached the limit of ${TOKEN_LIMIT} tokens. Delete tokens you no longer need.`,
        limit: TOKEN_LIMIT,
      });
    }
    if (live.some((token) => nameKey(token.name) === nameKey(name))) {
      errors.push({ __typename: 'NameTakenError', message: `You already have a token named "${name}".` });
    }
    if (errors.length > 0) return refusals(errors);
    const { id, secret } = generatedIdentity(observed, model);
    const token: ModelToken = {
      id,
      localId: id.startsWith('(') ? id : localId(id),
      secret,
      name,
      permissions: permissions.filter((permission) => operation.permissions.includes(permission)),
      createdAt: model.now,
      expiresAt,
      revokedAt: null,
      deleted: false,
    };
    return [
      {
        expected: answer(field, { __typename: 'GenerateTokenSuccess', secret, token: view(token, model.now) }),
        next: changed(model, token, { action: 'TOKEN_GENERATED', ...by }),
      },
    ];
  }

  const target = liveToken(model, operation.targetId);
  const status = target ? statusOf(target, model.now) : 'GONE';
  if (operation.kind === 'edit') {
    if (!target) return refusals([notFound]);
    return predictEdit(model, target, operation.edit, actor).map(({ payload, edited }) => ({
      expected: answer(field, payload),
      next: edited ? changed(model, edited, { action: 'TOKEN_UPDATED', ...by }) : model,
    }));
  }
  const success = `${field[0]?.toUpperCase()}${field.slice(1)}Success`;
  switch (operation.kind) {
    case 'revoke': {
      if (!target) return refusals([notFound]);
      if (status !== 'ACTIVE') return unchanged(answer(field, { __typename: success, token: view(target, model.now) }));
      const revoked = { ...target, revokedAt: model.now };
      return [
        {
          expected: answer(field, { __typename: success, token: view(revoked, model.now) }),
          next: changed(model, revoked, { action: 'TOKEN_REVOKED', ...by }),
        },
      ];
    }
    case 'restore': {
      const errors: unknown[] = [];
      if (sudoLapsed) errors.push(reauthenticationRequired);
      if (!target) errors.push(notFound);
      // A token brings back only what it could have minted: its own permissions or fewer, expiring no later.
      if (actor && target && !target.permissions.every((permission) => actor.permissions.includes(permission))) {
        errors.push(invalidTransition('A token can only restore tokens whose permissions it holds itself.'));
      } else if (actor && target && target.expiresAt > actor.expiresAt) {
        errors.push(invalidTransition('A token can only restore tokens that expire no later than itself.'));
      }
      if (status === 'EXPIRED') errors.push(invalidTransition('An expired token cannot be restored.'));
      if (errors.length > 0 || !target) return refusals(errors);
      if (status === 'ACTIVE') return unchanged(answer(field, { __typename: success, token: view(target, model.now) }));
      const restored = { ...target, revokedAt: null };
      return [
        {
          expected: answer(field, { __typename: success, token: view(restored, model.now) }),
          next: changed(model, restored, { action: 'TOKEN_RESTORED', ...by }),
        },
      ];
    }
    case 'delete': {
      if (!target) return refusals([notFound]);
      if (status === 'ACTIVE') return refusals([invalidTransition('Revoke the token before deleting it.')]);
      return [
        {
          expected: answer(field, { __typename: 'DeleteTokenSuccess', deletedTokenId: target.id }),
          next: changed(model, { ...target, deleted: true }, { action: 'TOKEN_DELETED', ...by }),
        },
      ];
    }
  }
}

/**
 * An edit only takes away: it may not add a permission or move the expiry later, and a token may only edit
 * into what it could have minted. `edited` is null when it is refused or changes nothing.
 */
function predictEdit(model: Model, target: ModelToken, edit: Edit, actor: ModelToken | null) {
  const refused = (payload: unknown) => [{ payload, edited: null }];
  const added = (edit.permissions ?? []).filter((permission) => !target.permissions.includes(permission));
  if (added.length > 0) {
    return refused({
      __typename: 'PermissionsNotAllowedError',
      message: `An edit can only remove permissions; generate a new token for ${added.join(', ')}.`,
      permissions: added,
    });
  }
  const expiresAt = edit.expiration ? model.now + expirationDays[edit.expiration] * DAY : target.expiresAt;
  if (expiresAt > target.expiresAt) {
    return refused({
      __typename: 'ExpiryTooLateError',
      message: `An edit can only shorten a token's life: choose ${iso(target.expiresAt)} or earlier.`,
      latestExpiresAt: iso(target.expiresAt),
    });
  }
  const kept = edit.permissions ? permissions.filter((permission) => edit.permissions?.includes(permission)) : null;
  const next = {
    ...target,
    permissions: kept ?? target.permissions,
    expiresAt,
    name: edit.name?.trim() ?? target.name,
  };
  const beyond = next.permissions.filter((permission) => actor && !actor.permissions.includes(permission));
  if (actor && beyond.length > 0) {
    return refused({
      __typename: 'PermissionsNotAllowedError',
      message: `A token can only edit tokens whose permissions it holds itself; it does not hold ${beyond.join(', ')}.`,
      permissions: beyond,
    });
  }
  if (actor && expiresAt > actor.expiresAt) {
    const latest = Math.min(actor.expiresAt, target.expiresAt);
    return refused({
      __typename: 'ExpiryTooLateError',
      message: `A token can only edit tokens that expire no later than itself: choose ${iso(latest)} or earlier.`,
      latestExpiresAt: iso(latest),
    });
  }
  const success = (token: ModelToken) => ({ __typename: 'UpdateTokenSuccess', token: view(token, model.now) });
  if (isDeepStrictEqual(next, target)) return [{ payload: success(target), edited: null }];
  const taken = model.tokens.some(
    (token) => !token.deleted && token.id !== target.id && nameKey(token.name) === nameKey(next.name),
  );
  if (nameKey(next.name) !== nameKey(target.name) && taken) {
    return refused({ __typename: 'NameTakenError', message: `You already have a token named "${next.name}".` });
  }
  return [{ payload: success(next), edited: next }];
}

function pick<T>(items: readonly T[], index: number): T | null {
  return index < 0 || items.length === 0 ? null : (items[index % items.length] ?? null);
}

function concretize(model: Model, operation: Operation): Concrete {
  const actorId = (actor: Actor) => (actor.via === 'session' ? null : (pick(model.tokens, actor.pick)?.id ?? null));
  switch (operation.kind) {
    case 'generate':
      return { ...operation, actorId: actorId(operation.actor) };
    case 'use': {
      const target = pick(model.tokens, operation.target);
      return { kind: 'use', targetId: target?.id ?? null, secret: target?.secret ?? generateTokenSecret() };
    }
    case 'edit': {
      const target = pick(model.tokens, operation.target);
      const asked = operation.edit.permissions;
      const kept =
        asked && 'drop' in asked
          ? (target?.permissions ?? []).filter(
              (_permission, index, all) => all.length === 1 || index !== asked.drop % all.length,
            )
          : asked;
      return {
        kind: 'edit',
        actorId: actorId(operation.actor),
        targetId: target?.id ?? missingTokenId,
        edit: { ...operation.edit, permissions: kept && kept.length > 0 ? kept : null },
      };
    }
    default:
      return {
        kind: operation.kind,
        actorId: actorId(operation.actor),
        targetId: pick(model.tokens, operation.target)?.id ?? missingTokenId,
      };
  }
}

function withTarget(operation: Operation, target: number): Operation {
  return operation.kind === 'generate' ? operation : { ...operation, target };
}

const actorArbitrary: fc.Arbitrary<Actor> = fc.oneof(
  fc.constant({ via: 'session' as const }),
  fc.nat(12).map((index) => ({ via: 'token' as const, pick: index })),
);
const targetArbitrary = fc.oneof({ weight: 12, arbitrary: fc.nat(12) }, { weight: 1, arbitrary: fc.constant(-1) });
const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('generate' as const),
      actor: actorArbitrary,
      name: fc.constantFrom(...names),
      expiration: fc.constantFrom(...(Object.keys(expirationDays) as Expiration[])),
      permissions: fc.subarray([...permissions], { minLength: 1 }),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constantFrom('revoke' as const, 'restore' as const, 'delete' as const),
      actor: actorArbitrary,
      target: targetArbitrary,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      actor: actorArbitrary,
      target: targetArbitrary,
      edit: fc.record({
        name: fc.option(fc.constantFrom(...names)),
        permissions: fc.option(
          fc.oneof(
            fc.subarray([...permissions], { minLength: 1 }),
            fc.nat(3).map((drop) => ({ drop })),
          ),
        ),
        expiration: fc.option(fc.constantFrom(...(Object.keys(expirationDays) as Expiration[]))),
      }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('use' as const), target: targetArbitrary }) },
);
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: operationArbitrary },
  {
    weight: 6,
    arbitrary: fc.tuple(operationArbitrary, operationArbitrary, targetArbitrary).map(([first, second, target]) => ({
      kind: 'together' as const,
      first: withTarget(first, target),
      second: withTarget(second, target),
    })),
  },
  // Minutes cross the sudo window; days and months cross sessions and expiry dates.
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 20 * MINUTE }).map((ms) => ({ kind: 'advance' as const, milliseconds: ms })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 20 * DAY }).map((ms) => ({ kind: 'advance' as const, milliseconds: ms })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 20 * DAY, max: 400 * DAY })
      .map((ms) => ({ kind: 'advance' as const, milliseconds: ms })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advanceToExpiry' as const),
      target: fc.nat(12),
      offset: fc.constantFrom(-1, 0, 1),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reauthenticate' as const }) },
);

function sessionDigest(cookie: string) {
  return createHash('sha256')
    .update(cookie.slice(cookie.indexOf('=') + 1))
    .digest('hex');
}

async function sessionIdOf(cookie: string) {
  return (await db.session.findUniqueOrThrow({ where: { digest: sessionDigest(cookie) } })).id;
}

const comparableRow = (row: TokenRow) => ({
  id: row.id,
  userId: row.userId,
  name: row.name,
  nameKey: row.nameKey,
  digest: row.digest,
  hint: row.hint,
  permissions: row.permissions,
  createdAt: row.createdAt.getTime(),
  expiresAt: row.expiresAt.getTime(),
  revokedAt: row.revokedAt?.getTime() ?? null,
  revocationReason: row.revocationReason,
});

function expectedRows(model: Model, userLocalId: string) {
  return model.tokens
    .filter((token) => !token.deleted)
    .map((token) => ({
      id: token.localId,
      userId: userLocalId,
      name: token.name,
      nameKey: nameKey(token.name),
      digest: createHash('sha256').update(token.secret).digest('hex'),
      hint: `lkpat_…${token.secret.slice(-4)}`,
      permissions: token.permissions.join(' '),
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      revokedAt: token.revokedAt,
      revocationReason: token.revokedAt === null ? null : 'OWNER',
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

const eventsByToken = (events: readonly ModelEvent[]) => {
  const grouped: Record<string, Omit<ModelEvent, 'tokenId'>[]> = {};
  for (const { tokenId, ...event } of events) grouped[tokenId] = [...(grouped[tokenId] ?? []), event];
  return grouped;
};

function expectedObservation(model: Model, probeId: string) {
  const probe = liveToken(model, probeId);
  const live = model.tokens
    .filter((token) => !token.deleted)
    .sort((a, b) => b.createdAt - a.createdAt || (a.localId < b.localId ? 1 : -1));
  return {
    status: 200,
    body: {
      data: {
        node: probe ? { __typename: 'PersonalAccessToken', id: probe.id, status: statusOf(probe, model.now) } : null,
        viewer: {
          tokens: { totalCount: live.length, edges: live.map((token) => ({ node: view(token, model.now) })) },
        },
      },
    },
  };
}

interface Run {
  app: TestApp;
  person: { email: string; password: string; cookie: string };
  userLocalId: string;
  counter: Counter;
}

const transitionDocuments: Record<'revoke' | 'restore' | 'delete', string> = {
  revoke: documents.revokeToken,
  restore: documents.restoreToken,
  delete: documents.deleteToken,
};

async function perform(run: Run, model: Model, operation: Concrete): Promise<Observed> {
  run.counter.commands++;
  const actorSecret = (actorId: string | null) => model.tokens.find((token) => token.id === actorId)?.secret;
  const credentials = (actorId: string | null): Credentials =>
    actorId === null ? { cookie: run.person.cookie } : { token: actorSecret(actorId) ?? '' };
  const send = async (document: string, variables: Record<string, unknown>, as: Credentials) => {
    const response = await run.app.request(document, variables, as);
    return { status: response.status, body: response.body };
  };
  switch (operation.kind) {
    case 'use':
      return send(documents.use, {}, { token: operation.secret });
    case 'generate':
      return send(
        documents.generateToken,
        { input: { name: operation.name, expiration: operation.expiration, permissions: operation.permissions } },
        credentials(operation.actorId),
      );
    case 'edit': {
      const { name, permissions: kept, expiration } = operation.edit;
      const input = { name, permissions: kept, expiration };
      return send(documents.updateToken, { id: operation.targetId, input }, credentials(operation.actorId));
    }
    default:
      return send(transitionDocuments[operation.kind], { id: operation.targetId }, credentials(operation.actorId));
  }
}

/**
 * The states (one per serialization the answers allow) that explain what the server answered. Two
 * concurrent requests are applied in either order; each authenticates when it begins, so the second
 * may have authenticated before the first changed anything.
 */
function explain(model: Model, operations: Concrete[], observed: Observed[]): Model[] {
  const orders =
    operations.length === 2
      ? [
          [0, 1],
          [1, 0],
        ]
      : [[0]];
  const explanations: Model[] = [];
  for (const order of orders) {
    let frontier = [model];
    for (const [position, index] of order.entries()) {
      const operation = operations[index] as Concrete;
      const answered = observed[index] as Observed;
      frontier = frontier.flatMap((current) =>
        (position === 0 ? [current] : [current, model]).flatMap((authenticatedIn) =>
          predict(current, operation, answered, authenticatedIn)
            .filter((alternative) => isDeepStrictEqual(alternative.expected, answered))
            .map((alternative) => alternative.next),
        ),
      );
    }
    explanations.push(...frontier);
  }
  return explanations;
}

/** What the model expected, in the first order, for a readable diff when nothing explains the answers. */
function firstExpectation(model: Model, operations: Concrete[], observed: Observed[]): Observed[] {
  let current = model;
  return operations.map((operation, index) => {
    const [alternative] = predict(current, operation, observed[index] as Observed);
    current = alternative?.next ?? current;
    return alternative?.expected ?? { status: 0, body: 'no prediction' };
  });
}

interface Check {
  previous: Model;
  candidates: Model[];
  probeId: string;
  before: TokenRow[];
  where: string;
}

async function checkAgainst(run: Run, { previous, candidates, probeId, before, where }: Check) {
  const [rows, audit, observation] = await Promise.all([
    tokenRows(run.userLocalId),
    db.auditEvent.findMany({
      where: { userId: run.userLocalId, action: { in: [...tokenAuditActions] } },
      orderBy: { id: 'asc' },
    }),
    run.app.request(documents.observe, { id: probeId }, { cookie: run.person.cookie }),
  ]);
  const actual = {
    rows: rows.map(comparableRow),
    events: eventsByToken(
      audit.map((event) => ({
        action: event.action as ModelEvent['action'],
        tokenId: event.tokenId ?? '',
        tokenName: event.tokenName ?? '',
        actorType: event.actorType as ModelEvent['actorType'],
        actorId: event.actorId ?? '',
        createdAt: event.createdAt.getTime(),
      })),
    ),
    observation: { status: observation.status, body: observation.body },
  };
  const expectedFor = (model: Model) => ({
    rows: expectedRows(model, run.userLocalId),
    events: eventsByToken(model.events),
    observation: expectedObservation(model, probeId),
  });
  const model = candidates.find((candidate) => isDeepStrictEqual(actual, expectedFor(candidate)));
  if (!model) {
    const expected = expectedFor(candidates[0] as Model);
    expect(actual.observation, `${where}: statuses read back`).toEqual(expected.observation);
    expect(actual.rows, `${where}: token rows`).toEqual(expected.rows);
    expect(actual.events, `${where}: audit events per token`).toEqual(expected.events);
    throw new Error(`${where}: no serialization explains the stored state`);
  }

  // Rows the step did not change stay exactly as they were. Last use is left out: it is written off the
  // request path, a moment later, so a use from an earlier step may land during this one.
  const withoutLastUse = ({ lastUsedAt: _at, lastUsedIp: _ip, lastUsedService: _service, ...row }: TokenRow) => row;
  const changedIds = new Set(
    model.tokens
      .filter(
        (token) =>
          !isDeepStrictEqual(
            token,
            previous.tokens.find((earlier) => earlier.id === token.id),
          ),
      )
      .map((token) => token.localId),
  );
  const after = new Map(rows.map((row) => [row.id, row]));
  for (const row of before) {
    const now = after.get(row.id);
    if (!now || changedIds.has(row.id)) continue;
    expect(withoutLastUse(now), `${where}: untouched row ${row.id}`).toEqual(withoutLastUse(row));
  }

  // The audit log alone, replayed, must reproduce every token: exists or not, revoked or not.
  const replay = replayTokenAudit(audit);
  expect(replay.impossible, `${where}: audit events that record no change`).toEqual([]);
  expect(
    replayDisagreements(replay.tokens, storedTokenStates(rows, replay.tokens.keys())),
    `${where}: audit replay against rows`,
  ).toEqual([]);
  return { model, rows };
}

/** Commands sent, and edits that changed a token (so edits are explored, not only refused). */
interface Counter {
  commands: number;
  edits: number;
}

async function runSequence(steps: Step[], counter: Counter) {
  const app = createTestApp({ clock: new TestClock(), tokenLimitPerUser: TOKEN_LIMIT });
  const signedUp = await app.signUp();
  const start = app.clock.now().getTime();
  const run: Run = { app, person: { ...signedUp }, userLocalId: localId(signedUp.userId), counter };
  let model: Model = {
    now: start,
    userId: signedUp.userId,
    sessionId: await sessionIdOf(signedUp.cookie),
    reauthenticatedAt: start,
    sessionExpiresAt: start + SESSION_LIFETIME,
    tokens: [],
    events: [],
  };
  let rows: TokenRow[] = [];

  const moveClock = async (milliseconds: number) => {
    app.clock.advance(milliseconds);
    model = { ...model, now: model.now + milliseconds };
    if (model.now >= model.sessionExpiresAt) {
      run.person.cookie = await app.signIn(run.person);
      model = {
        ...model,
        sessionId: await sessionIdOf(run.person.cookie),
        reauthenticatedAt: model.now,
        sessionExpiresAt: model.now + SESSION_LIFETIME,
      };
    }
  };

  for (const [index, step] of steps.entries()) {
    const where = `step ${index} ${JSON.stringify(step)}`;
    let candidates = [model];
    let probeId = model.tokens.at(-1)?.id ?? missingTokenId;
    if (step.kind === 'advance') {
      await moveClock(step.milliseconds);
      candidates = [model];
    } else if (step.kind === 'advanceToExpiry') {
      const target = pick(model.tokens, step.target);
      await moveClock(Math.max(1, (target?.expiresAt ?? 0) + step.offset - model.now));
      probeId = target?.id ?? probeId;
      candidates = [model];
    } else if (step.kind === 'reauthenticate') {
      counter.commands++;
      const credentials = { cookie: run.person.cookie };
      const response = await app.request(documents.reauthenticate, { password: run.person.password }, credentials);
      expect(response.body, where).toEqual({ data: { reauthenticate: { __typename: 'ReauthenticateSuccess' } } });
      model = { ...model, reauthenticatedAt: model.now };
      candidates = [model];
    } else {
      const operations = (step.kind === 'together' ? [step.first, step.second] : [step]).map((operation) =>
        concretize(model, operation),
      );
      for (const operation of operations) {
        if ('targetId' in operation && operation.targetId) probeId = operation.targetId;
      }
      const observed = await Promise.all(operations.map((operation) => perform(run, model, operation)));
      candidates = explain(model, operations, observed);
      if (candidates.length === 0) {
        const concrete = JSON.stringify(operations);
        expect(observed, `${where}: answers to ${concrete}`).toEqual(firstExpectation(model, operations, observed));
        throw new Error(`${where}: no order of ${concrete} explains the answers ${JSON.stringify(observed)}`);
      }
    }
    const previous = model;
    ({ model, rows } = await checkAgainst(run, { previous, candidates, probeId, before: rows, where }));
  }
  counter.edits += model.events.filter((event) => event.action === 'TOKEN_UPDATED').length;
}

describe('the token state machine, against a model', () => {
  it('agrees with the model after every step of random sequences, concurrent pairs and clock moves, and its audit log replays to the stored state', async ({
    annotate,
  }) => {
    const counter: Counter = { commands: 0, edits: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 10, maxLength: 45 }), (steps) =>
        runSequence(steps, counter),
      ),
      { numRuns: RUNS },
    );
    await annotate(`${counter.commands} commands (${counter.edits} edits that changed a token) in ${RUNS} sequences`);
    // Guards the depth of the exploration itself: over a thousand commands, not a handful.
    expect(counter.commands).toBeGreaterThanOrEqual(RUNS * 12);
    expect(counter.edits).toBeGreaterThanOrEqual(RUNS / 4);
  }, 300_000);

  describe('concurrent transitions on one token', () => {
    const ROUNDS = 30;

    it('answers concurrent revokes and restores with successes that show the state they claim', async () => {
      const app = createTestApp();
      const session = { cookie: (await app.signUp()).cookie };
      const answers: string[] = [];
      for (let round = 0; round < 2 * ROUNDS; round++) {
        const { id } = await app.generateToken(session, { name: `race ${round}`, permissions: ['profile:read'] });
        if (round % 2 === 1) await app.data(documents.revokeToken, { id }, session);
        const documentsInFlight = [
          documents.revokeToken,
          documents.restoreToken,
          documents.revokeToken,
          documents.restoreToken,
        ];
        const results = await Promise.all(documentsInFlight.map((document) => app.data(document, { id }, session)));
        for (const result of results) {
          const [payload] = Object.values(result) as { __typename: string; token?: { status: string } }[];
          answers.push(`${payload?.__typename} ${payload?.token?.status}`);
        }
      }
      // Whichever ran first, a revoke leaves the token revoked and a restore leaves it active.
      expect(new Set(answers)).toEqual(new Set(['RevokeTokenSuccess REVOKED', 'RestoreTokenSuccess ACTIVE']));
    });

    it('answers two concurrent deletes of one revoked token with one success and one NotFoundError', async () => {
      const app = createTestApp();
      const session = { cookie: (await app.signUp()).cookie };
      const outcomes: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const { id } = await app.generateToken(session, { name: `doomed ${round}`, permissions: ['profile:read'] });
        await app.data(documents.revokeToken, { id }, session);
        const answers = await Promise.all([
          app.data(documents.deleteToken, { id }, session),
          app.data(documents.deleteToken, { id }, session),
        ]);
        outcomes.push(
          answers
            .map(
              (answer) =>
                `${answer.deleteToken.__typename}${answer.deleteToken.message ? `: ${answer.deleteToken.message}` : ''}`,
            )
            .sort()
            .join(' + '),
        );
      }
      expect(new Set(outcomes)).toEqual(new Set(['DeleteTokenSuccess + NotFoundError: No token with that id exists.']));
    });
  });
});
