import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { tokenMaxLifetimeDays, waitPhrase } from '@latchkey/rules';
import { encodeGlobalID } from '@pothos/plugin-relay';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { db } from '../../src/db.js';
import { operatorCatalogue } from '../../src/permissions/operator-catalogue.js';
import { createServiceKey } from '../../src/services/service-keys.js';
import { generateTokenSecret } from '../../src/tokens/format.js';
import { refusedAddressRecorder } from '../../src/tokens/refused-addresses.js';
import { type Credentials, createTestApp, DAY, localId, MINUTE, type TestApp, TestClock } from '../support/app.js';
import { basic, FORM, serviceEndpointsAt } from '../support/service-http.js';
import {
  replayDisagreements,
  replayTokenAudit,
  storedTokenStates,
  type TokenRow,
  tokenAuditActions,
  tokenRows,
} from './support/account-state.js';
import {
  type AllowlistChoice,
  allowlistChoices,
  allowlistCovers,
  allowsAddress,
  clientAddresses,
} from './support/addresses.js';

// Small enough that random sequences run into the limit; the real default is tested elsewhere.
const TOKEN_LIMIT = 3;
const SUDO_WINDOW = 10 * MINUTE;
const HOUR = 60 * MINUTE;
const SESSION_LIFETIME = config.sessionTtlDays * DAY;
const RUNS = Number(process.env.LATCHKEY_STATE_MACHINE_RUNS ?? 80);

const permissions = ['audit:read', 'profile:read', 'reports:read', 'tokens:read', 'tokens:write'] as const;
type Permission = (typeof permissions)[number];
const expirationDays = { DAYS_7: 7, DAYS_30: 30, DAYS_60: 60, DAYS_90: 90, YEAR_1: 365 } as const;
type Expiration = keyof typeof expirationDays;
const overlapMs = { NONE: 0, ONE_HOUR: HOUR, ONE_DAY: DAY, SEVEN_DAYS: 7 * DAY } as const;
type Overlap = keyof typeof overlapMs;
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

/** Small quotas, so that sequences run into them; `uses: 0` is refused. */
interface Quota {
  uses: number;
  refill: 'DAY' | null;
}
const quotaChoices: Quota[] = [
  { uses: 1, refill: null },
  { uses: 2, refill: null },
  { uses: 1, refill: 'DAY' },
  { uses: 3, refill: 'DAY' },
  { uses: 0, refill: null },
];
const QUOTA_TOO_SMALL = 'The quota must be at least 1.';

/**
 * Who sends a request: the session, or a token by its current secret (0) or the one before (1), from an
 * address or from none; picked among the active tokens, or all of them, or `self`, the operation's target.
 */
type Actor =
  | { via: 'session' }
  | { via: 'token'; pick: number | 'self'; among: Among; secret: 0 | 1; from: string | null };
type Among = 'active' | 'all';
type Operation =
  | {
      kind: 'generate';
      actor: Actor;
      name: string;
      expiration: Expiration;
      permissions: Permission[];
      allowlist: AllowlistChoice | null;
      quota: Quota | null;
    }
  | { kind: 'revoke' | 'restore' | 'delete'; actor: Actor; target: number }
  | { kind: 'rotate'; actor: Actor; target: number; overlap: Overlap }
  | { kind: 'edit'; actor: Actor; target: number; edit: Omit<Edit, 'permissions'> & { permissions: EditPermissions } }
  | { kind: 'use'; target: number; among: Among; secret: number; via: 'api' | 'introspection'; from: string | null };
/** Permissions an edit asks to keep: any list (perhaps adding some), or the target's own less one of them. */
type EditPermissions = Permission[] | { drop: number } | null;
/** What an edit asks for; null leaves it as it is. Permissions may include ones the token lacks (refused). */
interface Edit {
  name: string | null;
  permissions: Permission[] | null;
  expiration: Expiration | null;
  /** An empty list removes the allowlist. */
  allowlist: AllowlistChoice | 'remove' | null;
  /** `both` asks for a quota and its removal at once (refused). */
  quota: Quota | 'remove' | 'both' | null;
}
type Step =
  | Operation
  | { kind: 'together'; first: Operation; second: Operation }
  | { kind: 'advance'; milliseconds: number }
  | { kind: 'advanceToExpiry'; target: number; offset: number }
  | { kind: 'advanceToOverlapEnd'; target: number; offset: number }
  | { kind: 'reauthenticate' };

/** A secret as sent, from an address or none. */
interface Credential {
  secret: string;
  from: string | null;
}

/** An operation with its token picks resolved against the model as it stood when the step began. */
type Concrete =
  | {
      kind: 'generate';
      actor: Credential | null;
      name: string;
      expiration: Expiration;
      permissions: Permission[];
      allowlist: AllowlistChoice | null;
      quota: Quota | null;
    }
  | { kind: 'revoke' | 'restore' | 'delete'; actor: Credential | null; targetId: string }
  | { kind: 'rotate'; actor: Credential | null; targetId: string; overlap: Overlap }
  | { kind: 'edit'; actor: Credential | null; targetId: string; edit: Edit }
  | { kind: 'use'; credential: Credential; via: 'api' | 'introspection' };

interface ModelToken {
  id: string;
  localId: string;
  /** Every secret it was ever given, oldest first; the last is the current one. */
  secrets: string[];
  /** The secret the last rotation replaced, while the overlap lasts (revoking ends it). */
  previousSecret: string | null;
  previousValidUntil: number | null;
  name: string;
  permissions: Permission[];
  createdAt: number;
  rotatedAt: number | null;
  expiresAt: number;
  revokedAt: number | null;
  deleted: boolean;
  allowedAddresses: string[] | null;
  quota: Quota | null;
  /** When the quota was set or its refill changed: uses count from then, under a counter of their own. */
  quotaSince: number | null;
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
  email: string;
  sessionId: string;
  reauthenticatedAt: number;
  sessionExpiresAt: number;
  tokens: ModelToken[];
  events: ModelEvent[];
  /**
   * Allowed uses counted against quotas, by token id, the quota's start (`quotaSince`) and period (`all`, or the
   * UTC day for daily quotas). A refused use costs nothing, so a quota raised later has what was not used.
   */
  quotaUses: Record<string, number>;
  /** Uses refused for their address, by token id: written a moment later, so counted when the step ends. */
  refusedAddresses: Record<string, number>;
  refusedThisStep: Record<string, number>;
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

const tokenFields = `id name status permissions { name } createdAt expiresAt revokedAt revocationReason rotatedAt
  previousSecretValidUntil allowedAddresses refusedAddressCount quota { uses refill remaining refillsAt }`;
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
  rotateToken: `mutation ($id: ID!, $overlap: RotationOverlap!) {
  rotateToken(id: $id, overlap: $overlap) {
    __typename
    ... on Error { message }
    ... on RotateTokenSuccess { secret token { ${tokenFields} } }
  }
}`,
  updateToken: `mutation ($id: ID!, $input: UpdateTokenInput!) {
  updateToken(id: $id, input: $input) {
    __typename
    ... on Error { message }
    ... on PermissionsNotAllowedError { permissions }
    ... on ExpiryTooLateError { latestExpiresAt }
    ... on ValidationError { fieldErrors { path message } }
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
  rotate: 'rotateToken',
  edit: 'updateToken',
};

const invalidToken: Observed = {
  status: 401,
  body: {
    errors: [{ message: 'The access token is invalid, expired or revoked.', extensions: { code: 'INVALID_TOKEN' } }],
  },
};

/** A quota that never refills is used up for the rest of its secret's life. */
const quotaUsedUp = (retryAfterSeconds: number, refills: boolean): Observed => ({
  status: 429,
  body: {
    errors: [
      {
        message: refills
          ? `This token's quota is used up until it refills in ${waitPhrase(retryAfterSeconds)}.`
          : "This token's quota is used up, and it never refills.",
        extensions: { code: 'RATE_LIMITED', limit: 'quota', refills, retryAfterSeconds },
      },
    ],
  },
});

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
/** A ValidationError of several field errors, its message theirs joined. */
function validationErrors(fieldErrors: { path: string[]; message: string }[]) {
  return {
    __typename: 'ValidationError',
    message: fieldErrors.map((error) => error.message).join(' '),
    fieldErrors,
  };
}
/**
 * The name as the person gave it before, which is what they know; or, when a concurrent request took it
 * between the check and the write (the unique index refuses it), the name asked for.
 */
const nameTaken = (takenName: string, askedName: string) =>
  [...new Set([takenName, askedName])].map((name) => ({
    __typename: 'NameTakenError',
    message: `You already have a token named "${name}".`,
  }));
const controlsRules = {
  allowedAddresses: 'A token held to an address allowlist can only leave tokens held to addresses within it.',
  quota: 'A token with a quota can only leave tokens with a quota no larger, refilled no more often.',
} as const;

function statusOf(token: ModelToken, now: number) {
  if (token.expiresAt <= now) return 'EXPIRED';
  return token.revokedAt === null ? 'ACTIVE' : 'REVOKED';
}

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

/** The quota period `now` falls in, and when it ends (never, for a quota that does not refill). */
function quotaPeriod(quota: Quota, now: number) {
  if (quota.refill === null) return { key: 'all', endsAt: null };
  const start = now - (now % DAY);
  return { key: new Date(start).toISOString().slice(0, 10), endsAt: start + DAY };
}

const quotaKey = (token: ModelToken, quota: Quota, now: number) =>
  `${token.id} ${token.quotaSince} ${quotaPeriod(quota, now).key}`;

function view(model: Model, token: ModelToken) {
  const { now } = model;
  const quota = token.quota;
  return {
    id: token.id,
    name: token.name,
    status: statusOf(token, now),
    permissions: token.permissions.map((name) => ({ name })),
    createdAt: iso(token.createdAt),
    expiresAt: iso(token.expiresAt),
    revokedAt: iso(token.revokedAt),
    revocationReason: token.revokedAt === null ? null : 'OWNER',
    rotatedAt: iso(token.rotatedAt),
    previousSecretValidUntil:
      token.previousValidUntil !== null && token.previousValidUntil > now ? iso(token.previousValidUntil) : null,
    allowedAddresses: token.allowedAddresses ?? [],
    refusedAddressCount: model.refusedAddresses[token.id] ?? 0,
    quota: quota && {
      uses: quota.uses,
      refill: quota.refill,
      remaining: Math.max(0, quota.uses - (model.quotaUses[quotaKey(token, quota, now)] ?? 0)),
      refillsAt: iso(quotaPeriod(quota, now).endsAt),
    },
  };
}

const liveToken = (model: Model, id: string | null) =>
  model.tokens.find((token) => token.id === id && !token.deleted) ?? null;

/** The token `secret` opens at `now`, and until when that secret works; null when it opens none. */
function opened(model: Model, secret: string) {
  for (const token of model.tokens) {
    if (token.deleted || token.revokedAt !== null) continue;
    const until =
      secret === token.secrets.at(-1)
        ? token.expiresAt
        : secret === token.previousSecret && (token.previousValidUntil ?? 0) > model.now
          ? Math.min(token.previousValidUntil ?? 0, token.expiresAt)
          : null;
    if (until !== null && until > model.now) return { token, expiresAt: until };
  }
  return null;
}

function changed(model: Model, token: ModelToken, event: Omit<ModelEvent, 'tokenId' | 'tokenName' | 'createdAt'>) {
  return {
    ...model,
    tokens: model.tokens.some((existing) => existing.id === token.id)
      ? model.tokens.map((existing) => (existing.id === token.id ? token : existing))
      : [...model.tokens, token],
    events: [...model.events, { ...event, tokenId: token.localId, tokenName: token.name, createdAt: model.now }],
  };
}

/** The secret and id of a generated or rotated token, read from what the server answered, when it succeeded. */
function issuedIdentity(observed: Observed, field: string, model: Model) {
  const payload = (observed.body as { data?: Record<string, { secret?: unknown; token?: { id?: unknown } }> })?.data?.[
    field
  ];
  const secret = typeof payload?.secret === 'string' ? payload.secret : '';
  const id = typeof payload?.token?.id === 'string' ? payload.token.id : '';
  const fresh = /^lkpat_[0-9A-Za-z]{38}$/.test(secret) && !model.tokens.some((token) => token.secrets.includes(secret));
  return {
    id: id !== '' && !model.tokens.some((token) => token.id === id) ? id : '(a new token id)',
    secret: fresh ? secret : '(a new well-formed secret)',
  };
}

/**
 * What authenticating with `credential` leads to, the token judged as it was when the request authenticated
 * (`authenticatedIn`) and its quota counted where the step stands (`model`), since counting is atomic.
 * Introspection passes over a token without one of the service's permissions, before counting its use.
 */
function authenticate(model: Model, authenticatedIn: Model, credential: Credential, service = false) {
  const found = opened({ ...authenticatedIn, now: model.now }, credential.secret);
  if (!found) return { outcome: 'invalid' as const, next: model };
  const { token, expiresAt } = found;
  if (!allowsAddress(token.allowedAddresses, credential.from)) {
    const refusedThisStep = { ...model.refusedThisStep, [token.id]: (model.refusedThisStep[token.id] ?? 0) + 1 };
    return { outcome: 'invalid' as const, next: { ...model, refusedThisStep } };
  }
  if (service && !token.permissions.includes('reports:read')) return { outcome: 'notSeen' as const, next: model };
  if (token.quota) {
    const key = quotaKey(token, token.quota, model.now);
    const used = model.quotaUses[key] ?? 0;
    if (used >= token.quota.uses) {
      const until = quotaPeriod(token.quota, model.now).endsAt ?? expiresAt;
      const retryAfterSeconds = Math.max(1, Math.ceil((until - model.now) / 1000));
      return { outcome: 'usedUp' as const, retryAfterSeconds, refills: token.quota.refill !== null, next: model };
    }
    const counted = { ...model, quotaUses: { ...model.quotaUses, [key]: used + 1 } };
    return { outcome: 'allowed' as const, token, expiresAt, next: counted };
  }
  return { outcome: 'allowed' as const, token, expiresAt, next: model };
}

/** What the reports service is told of a token it may see (RFC 7662 with Latchkey's extensions). */
function introspected(model: Model, token: ModelToken, expiresAt: number) {
  return {
    active: true,
    scope: 'reports:read',
    client_id: 'reports',
    sub: model.userId,
    token_id: token.id,
    token_type: 'Bearer',
    aud: 'reports',
    iat: Math.floor(token.createdAt / 1000),
    exp: Math.floor(expiresAt / 1000),
    ...(token.permissions.includes('profile:read') ? { username: model.email } : {}),
    ...(token.allowedAddresses || token.quota ? { latchkey_verify_each_use: true } : {}),
  };
}

const REFILL_ORDER = [null, 'MONTH', 'WEEK', 'DAY'];

/** What a token is told when it would rotate or restore a token held more loosely than itself. */
const CONTROLS_TRANSITION_RULE = (verb: 'rotate' | 'restore') =>
  `A token can only ${verb} tokens held to its own address allowlist, rate limit and quota, or tighter.`;

/** Which control a token held to `parent`'s would pass on more of, in a token held to `child`'s. */
function controlsDelegationProblem(
  parent: ModelToken,
  child: Pick<ModelToken, 'allowedAddresses' | 'quota'>,
): keyof typeof controlsRules | null {
  if (parent.allowedAddresses && !allowlistCovers(parent.allowedAddresses, child.allowedAddresses)) {
    return 'allowedAddresses';
  }
  if (parent.quota) {
    const quota = child.quota;
    if (!quota || quota.uses > parent.quota.uses) return 'quota';
    if (REFILL_ORDER.indexOf(quota.refill) > REFILL_ORDER.indexOf(parent.quota.refill)) return 'quota';
  }
  return null;
}

/** The field errors of controls as asked for, in the order the server reports them. */
function allowlistProblems(choice: AllowlistChoice | null) {
  return choice && 'refused' in choice
    ? [
        {
          path: ['input', 'allowedAddresses', String(choice.refused.index)],
          message: `${JSON.stringify(choice.refused.entry)} is not an IPv4 or IPv6 address or CIDR range.`,
        },
      ]
    : [];
}
const storedAllowlist = (choice: AllowlistChoice | null) => (choice && 'stored' in choice ? choice.stored : null);
const quotaProblems = (quota: Quota | null) =>
  quota && quota.uses < 1 ? [{ path: ['input', 'quota', 'uses'], message: QUOTA_TOO_SMALL }] : [];

/** Every answer the specification allows for one operation, each with the state it leaves behind. */
function predict(model: Model, operation: Concrete, observed: Observed, authenticatedIn = model): Alternative[] {
  const unchanged = (expected: Observed, next = model): Alternative[] => [{ expected, next }];
  if (operation.kind === 'use') {
    const service = operation.via === 'introspection';
    const used = authenticate(model, authenticatedIn, operation.credential, service);
    if (service) {
      const body =
        used.outcome === 'allowed'
          ? introspected(model, used.token, used.expiresAt)
          : used.outcome === 'usedUp'
            ? { active: false, latchkey_reason: 'rate_limited', latchkey_retry_after: used.retryAfterSeconds }
            : { active: false };
      return unchanged({ status: 200, body }, used.next);
    }
    if (used.outcome === 'usedUp') return unchanged(quotaUsedUp(used.retryAfterSeconds, used.refills), used.next);
    if (used.outcome !== 'allowed') return unchanged(invalidToken, used.next);
    // The token is read again after authentication: a concurrent change may show.
    const token = liveToken(model, used.token.id);
    const currentToken = token ? { id: token.id, status: statusOf(token, model.now) } : null;
    return unchanged({ status: 200, body: { data: { viewer: { id: model.userId, currentToken } } } }, used.next);
  }
  const field = fieldOf[operation.kind];
  let actor: ModelToken | null = null;
  let actorExpiresAt = Number.POSITIVE_INFINITY;
  if (operation.actor) {
    const authenticated = authenticate(model, authenticatedIn, operation.actor);
    if (authenticated.outcome === 'usedUp')
      return unchanged(quotaUsedUp(authenticated.retryAfterSeconds, authenticated.refills), authenticated.next);
    if (authenticated.outcome !== 'allowed') return unchanged(invalidToken, authenticated.next);
    // A use counted is counted whatever the request then comes to.
    model = authenticated.next;
    actor = authenticated.token;
    actorExpiresAt = authenticated.expiresAt;
    if (!actor.permissions.includes('tokens:write')) return unchanged(forbidden(field));
  }
  const by = actor
    ? { actorType: 'TOKEN' as const, actorId: actor.localId }
    : { actorType: 'SESSION' as const, actorId: model.sessionId };
  const sudoLapsed = !actor && model.now - model.reauthenticatedAt > SUDO_WINDOW;
  const refusals = (payloads: unknown[]) =>
    payloads.map((payload) => ({ expected: answer(field, payload), next: model }));

  if (operation.kind === 'generate') {
    const inputProblems = [...allowlistProblems(operation.allowlist), ...quotaProblems(operation.quota)];
    if (inputProblems.length > 0) return refusals([validationErrors(inputProblems)]);
    const name = operation.name.trim();
    const expiresAt = model.now + expirationDays[operation.expiration] * DAY;
    const live = model.tokens.filter((token) => !token.deleted);
    const controls = { allowedAddresses: storedAllowlist(operation.allowlist), quota: operation.quota };
    const errors: unknown[] = [];
    if (sudoLapsed && operation.permissions.includes('tokens:write')) errors.push(reauthenticationRequired);
    if (actor && !operation.permissions.every((permission) => actor.permissions.includes(permission))) {
      errors.push(validationError('permissions', 'A token can only grant permissions it holds itself.'));
    }
    if (actor && expiresAt > actorExpiresAt) {
      errors.push({
        __typename: 'ExpiryTooLateError',
        message: `A token cannot create a token that outlives it: choose ${iso(actorExpiresAt)} or earlier.`,
        latestExpiresAt: iso(actorExpiresAt),
      });
    }
    const controlsProblem = actor && controlsDelegationProblem(actor, controls);
    if (controlsProblem) errors.push(validationError(controlsProblem, controlsRules[controlsProblem]));
    if (live.length >= TOKEN_LIMIT) {
      errors.push({
        __typename: 'TokenLimitError',
        message: `You have reached the limit of ${TOKEN_LIMIT} tokens. Delete tokens you no longer need.`,
        limit: TOKEN_LIMIT,
      });
    }
    const taken = live.find((token) => nameKey(token.name) === nameKey(name));
    if (taken) errors.push(...nameTaken(taken.name, name));
    if (errors.length > 0) return refusals(errors);
    const { id, secret } = issuedIdentity(observed, field, model);
    const token: ModelToken = {
      id,
      localId: id.startsWith('(') ? id : localId(id),
      secrets: [secret],
      previousSecret: null,
      previousValidUntil: null,
      name,
      permissions: permissions.filter((permission) => operation.permissions.includes(permission)),
      createdAt: model.now,
      rotatedAt: null,
      expiresAt,
      revokedAt: null,
      deleted: false,
      ...controls,
      quotaSince: controls.quota ? model.now : null,
    };
    const next = changed(model, token, { action: 'TOKEN_GENERATED', ...by });
    return [
      { expected: answer(field, { __typename: 'GenerateTokenSuccess', secret, token: view(next, token) }), next },
    ];
  }

  const target = liveToken(model, operation.targetId);
  const status = target ? statusOf(target, model.now) : 'GONE';
  if (operation.kind === 'edit') {
    const { allowlist, quota } = operation.edit;
    // The quota is read with the rest of the input; the allowlist and the choice between quota and its removal
    // only once that has passed.
    const quotaProblem = quotaProblems(quota === 'remove' || quota === 'both' ? null : quota);
    const inputProblems =
      quotaProblem.length > 0
        ? quotaProblem
        : [
            ...allowlistProblems(allowlist === 'remove' ? null : allowlist),
            ...(quota === 'both'
              ? [{ path: ['input', 'quota'], message: 'Give either `quota` or `removeQuota`.' }]
              : []),
          ];
    if (inputProblems.length > 0) return refusals([validationErrors(inputProblems)]);
    if (!target) return refusals([notFound]);
    return predictEdit(model, target, operation.edit, actor && { token: actor, expiresAt: actorExpiresAt }).map(
      ({ payload, edited }) => {
        const next = edited ? changed(model, edited, { action: 'TOKEN_UPDATED', ...by }) : model;
        return { expected: answer(field, payload(next)), next };
      },
    );
  }
  const success = `${field[0]?.toUpperCase()}${field.slice(1)}Success`;
  switch (operation.kind) {
    case 'revoke': {
      if (!target) return refusals([notFound]);
      if (status !== 'ACTIVE') return unchanged(answer(field, { __typename: success, token: view(model, target) }));
      const revoked = { ...target, revokedAt: model.now, previousSecret: null, previousValidUntil: null };
      const next = changed(model, revoked, { action: 'TOKEN_REVOKED', ...by });
      return [{ expected: answer(field, { __typename: success, token: view(next, revoked) }), next }];
    }
    case 'restore': {
      const errors: unknown[] = [];
      if (sudoLapsed) errors.push(reauthenticationRequired);
      if (!target) errors.push(notFound);
      // A token brings back only what it could have minted: held to its own controls, its own permissions or
      // fewer, expiring no later.
      if (actor && target && controlsDelegationProblem(actor, target)) {
        errors.push(invalidTransition(CONTROLS_TRANSITION_RULE('restore')));
      } else if (actor && target && !target.permissions.every((permission) => actor.permissions.includes(permission))) {
        errors.push(invalidTransition('A token can only restore tokens whose permissions it holds itself.'));
      } else if (actor && target && target.expiresAt > actorExpiresAt) {
        errors.push(invalidTransition('A token can only restore tokens that expire no later than itself.'));
      }
      if (status === 'EXPIRED') errors.push(invalidTransition('An expired token cannot be restored.'));
      if (errors.length > 0 || !target) return refusals(errors);
      if (status === 'ACTIVE') return unchanged(answer(field, { __typename: success, token: view(model, target) }));
      const restored = { ...target, revokedAt: null };
      const next = changed(model, restored, { action: 'TOKEN_RESTORED', ...by });
      return [{ expected: answer(field, { __typename: success, token: view(next, restored) }), next }];
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
    case 'rotate': {
      if (sudoLapsed) return refusals([reauthenticationRequired]);
      if (!target) return refusals([notFound]);
      if (status !== 'ACTIVE') return refusals([invalidTransition('Only an active token can be rotated.')]);
      // The new secret lives as long as the one it replaces was issued for, within the longest lifetime.
      const lifetime = Math.min(target.expiresAt - (target.rotatedAt ?? target.createdAt), tokenMaxLifetimeDays * DAY);
      const expiresAt = model.now + lifetime;
      // A token may renew itself; rotating another mints a secret, so the minting rules apply.
      if (actor && actor.id !== target.id) {
        if (controlsDelegationProblem(actor, target))
          return refusals([invalidTransition(CONTROLS_TRANSITION_RULE('rotate'))]);
        if (!target.permissions.every((permission) => actor.permissions.includes(permission))) {
          return refusals([invalidTransition('A token can only rotate tokens whose permissions it holds itself.')]);
        }
        if (expiresAt > actorExpiresAt) {
          return refusals([
            invalidTransition('A token can only rotate tokens whose new secret would expire no later than itself.'),
          ]);
        }
      }
      const end = Math.min(model.now + overlapMs[operation.overlap], target.expiresAt, expiresAt);
      const { secret } = issuedIdentity(observed, field, model);
      const rotated: ModelToken = {
        ...target,
        secrets: [...target.secrets, secret],
        previousSecret: end > model.now ? (target.secrets.at(-1) as string) : null,
        previousValidUntil: end > model.now ? end : null,
        rotatedAt: model.now,
        expiresAt,
      };
      const next = changed(model, rotated, { action: 'TOKEN_ROTATED', ...by });
      return [{ expected: answer(field, { __typename: success, secret, token: view(next, rotated) }), next }];
    }
  }
}

/**
 * An edit only takes away permissions and life: it may not add a permission or move the expiry later, and a
 * token may only edit into what it could have minted, held to its own controls. Controls may change either
 * way. `edited` is null when it is refused or changes nothing; the payload is read in the state it leaves.
 */
function predictEdit(
  model: Model,
  target: ModelToken,
  edit: Edit,
  actor: { token: ModelToken; expiresAt: number } | null,
): { payload: (next: Model) => unknown; edited: ModelToken | null }[] {
  const refused = (payload: unknown) => [{ payload: () => payload, edited: null }];
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
  const next: ModelToken = {
    ...target,
    permissions: kept ?? target.permissions,
    expiresAt,
    name: edit.name?.trim() ?? target.name,
    allowedAddresses:
      edit.allowlist === null
        ? target.allowedAddresses
        : edit.allowlist === 'remove'
          ? null
          : storedAllowlist(edit.allowlist),
    quota: edit.quota === null ? target.quota : edit.quota === 'remove' ? null : (edit.quota as Quota),
    // Only a new number of uses keeps the count; a new refill, or a quota where there was none, starts again.
    quotaSince:
      edit.quota === null
        ? target.quotaSince
        : edit.quota === 'remove'
          ? null
          : target.quota?.refill === (edit.quota as Quota).refill
            ? target.quotaSince
            : model.now,
  };
  const beyond = next.permissions.filter((permission) => actor && !actor.token.permissions.includes(permission));
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
  const controlsProblem = actor && controlsDelegationProblem(actor.token, next);
  if (controlsProblem) return refused(validationError(controlsProblem, controlsRules[controlsProblem]));
  const success = (token: ModelToken) => (state: Model) => ({
    __typename: 'UpdateTokenSuccess',
    token: view(state, token),
  });
  if (isDeepStrictEqual(next, target)) return [{ payload: success(target), edited: null }];
  const taken = model.tokens.find(
    (token) => !token.deleted && token.id !== target.id && nameKey(token.name) === nameKey(next.name),
  );
  if (nameKey(next.name) !== nameKey(target.name) && taken) {
    return nameTaken(taken.name, next.name).map((payload) => ({ payload: () => payload, edited: null }));
  }
  return [{ payload: success(next), edited: next }];
}

function pick<T>(items: readonly T[], index: number): T | null {
  return index < 0 || items.length === 0 ? null : (items[index % items.length] ?? null);
}

/** The `back`-th secret of a token counting from its current one, else its oldest; a stranger without a token. */
const secretOf = (token: ModelToken | null, back: number) =>
  token ? (token.secrets.at(-1 - Math.min(back, token.secrets.length - 1)) as string) : generateTokenSecret();

function concretize(model: Model, operation: Operation): Concrete {
  const among = (which: Among) =>
    which === 'all'
      ? model.tokens
      : model.tokens.filter((token) => !token.deleted && statusOf(token, model.now) === 'ACTIVE');
  const target =
    operation.kind === 'use'
      ? pick(among(operation.among), operation.target)
      : 'target' in operation
        ? pick(model.tokens, operation.target)
        : null;
  const actorOf = (actor: Actor): Credential | null => {
    if (actor.via === 'session') return null;
    const token = actor.pick === 'self' ? target : pick(among(actor.among), actor.pick);
    return { secret: secretOf(token, actor.secret), from: actor.from };
  };
  switch (operation.kind) {
    case 'generate':
      return { ...operation, actor: actorOf(operation.actor) };
    case 'use':
      return {
        kind: 'use',
        credential: { secret: secretOf(target, operation.secret), from: operation.from },
        via: operation.via,
      };
    case 'edit': {
      const asked = operation.edit.permissions;
      const kept =
        asked && 'drop' in asked
          ? (target?.permissions ?? []).filter(
              (_permission, index, all) => all.length === 1 || index !== asked.drop % all.length,
            )
          : asked;
      return {
        kind: 'edit',
        actor: actorOf(operation.actor),
        targetId: target?.id ?? missingTokenId,
        edit: { ...operation.edit, permissions: kept && kept.length > 0 ? kept : null },
      };
    }
    case 'rotate':
      return { ...operation, actor: actorOf(operation.actor), targetId: target?.id ?? missingTokenId };
    default:
      return { kind: operation.kind, actor: actorOf(operation.actor), targetId: target?.id ?? missingTokenId };
  }
}

function withTarget(operation: Operation, target: number): Operation {
  return operation.kind === 'generate' ? operation : { ...operation, target };
}

// Requests come from no address (as the test app's do by default), from inside most allowlists, or anywhere.
const addressArbitrary = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constant('203.0.113.7') },
  { weight: 3, arbitrary: fc.constantFrom(...clientAddresses) },
);
const actorArbitrary: fc.Arbitrary<Actor> = fc.oneof(
  fc.constant({ via: 'session' as const }),
  fc.record({
    via: fc.constant('token' as const),
    pick: fc.oneof(fc.nat(12), fc.constant('self' as const)),
    among: fc.constantFrom<Among>('active', 'active', 'active', 'all'),
    secret: fc.constantFrom(0 as const, 0 as const, 0 as const, 1 as const),
    from: addressArbitrary,
  }),
);
const targetArbitrary = fc.oneof({ weight: 12, arbitrary: fc.nat(12) }, { weight: 1, arbitrary: fc.constant(-1) });
// Controls that the server refuses are asked for now and then; most asked for are good ones.
const allowlistArbitrary = fc.oneof(
  { weight: 12, arbitrary: fc.constant(null) },
  { weight: 8, arbitrary: fc.constantFrom(...allowlistChoices.filter((choice) => 'stored' in choice)) },
  { weight: 1, arbitrary: fc.constantFrom(...allowlistChoices.filter((choice) => 'refused' in choice)) },
);
const quotaArbitrary = fc.oneof(
  { weight: 10, arbitrary: fc.constant(null) },
  { weight: 10, arbitrary: fc.constantFrom(...quotaChoices.filter((quota) => quota.uses > 0)) },
  { weight: 1, arbitrary: fc.constantFrom(...quotaChoices.filter((quota) => quota.uses < 1)) },
);
// Most tokens can be seen by the reports service, so that uses through introspection reach their quotas, and
// most may act, so that tokens with controls create and edit tokens.
const usually = (permission: Permission) => fc.constantFrom<Permission[]>([permission], [permission], [permission], []);
const generatedPermissions = fc
  .tuple(fc.subarray([...permissions], { minLength: 1 }), usually('reports:read'), usually('tokens:write'))
  .map(([chosen, seen, acting]) => permissions.filter((name) => [...chosen, ...seen, ...acting].includes(name)));
const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('generate' as const),
      actor: fc.oneof({ weight: 2, arbitrary: fc.constant({ via: 'session' as const }) }, actorArbitrary),
      name: fc.constantFrom(...names),
      expiration: fc.constantFrom(...(Object.keys(expirationDays) as Expiration[])),
      permissions: generatedPermissions,
      allowlist: allowlistArbitrary,
      quota: quotaArbitrary,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom('revoke' as const, 'restore' as const, 'delete' as const),
      actor: actorArbitrary,
      target: targetArbitrary,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('rotate' as const),
      actor: actorArbitrary,
      target: targetArbitrary,
      overlap: fc.constantFrom(...(Object.keys(overlapMs) as Overlap[])),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      actor: actorArbitrary,
      target: targetArbitrary,
      edit: fc.record({
        name: fc.option(fc.constantFrom(...names)),
        // Mostly left alone, as most asked for are refused (a later expiry, a permission added).
        permissions: fc.option(
          fc.oneof(
            fc.subarray([...permissions], { minLength: 1 }),
            fc.nat(4).map((drop) => ({ drop })),
          ),
          { freq: 2 },
        ),
        expiration: fc.option(fc.constantFrom(...(Object.keys(expirationDays) as Expiration[])), { freq: 2 }),
        allowlist: fc.oneof(
          { weight: 3, arbitrary: allowlistArbitrary },
          { weight: 1, arbitrary: fc.constant('remove' as const) },
        ),
        quota: fc.oneof(
          { weight: 12, arbitrary: quotaArbitrary },
          { weight: 4, arbitrary: fc.constant('remove' as const) },
          { weight: 1, arbitrary: fc.constant('both' as const) },
        ),
      }),
    }),
  },
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('use' as const),
      target: targetArbitrary,
      among: fc.constantFrom<Among>('active', 'active', 'all'),
      secret: fc.constantFrom(0, 0, 1, 2),
      via: fc.constantFrom('api' as const, 'introspection' as const),
      from: addressArbitrary,
    }),
  },
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
  // Minutes cross the sudo window; hours overlaps and UTC days (quota periods); days and months sessions and
  // expiry dates.
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 20 * MINUTE }).map((ms) => ({ kind: 'advance' as const, milliseconds: ms })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: HOUR, max: 30 * HOUR }).map((ms) => ({ kind: 'advance' as const, milliseconds: ms })),
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
      kind: fc.constantFrom('advanceToExpiry' as const, 'advanceToOverlapEnd' as const),
      target: fc.nat(12),
      offset: fc.constantFrom(-1, 0, 1),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'reauthenticate' as const }) },
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
  rotatedAt: row.rotatedAt?.getTime() ?? null,
  previousDigest: row.previousDigest,
  previousSecretValidUntil: row.previousSecretValidUntil?.getTime() ?? null,
  allowedAddresses: row.allowedAddresses,
  refusedAddressCount: row.refusedAddressCount,
  rateLimitRequests: row.rateLimitRequests,
  rateLimitWindowSeconds: row.rateLimitWindowSeconds,
  quotaUses: row.quotaUses,
  quotaRefill: row.quotaRefill,
});

const digestOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

function expectedRows(model: Model, userLocalId: string) {
  return model.tokens
    .filter((token) => !token.deleted)
    .map((token) => ({
      id: token.localId,
      userId: userLocalId,
      name: token.name,
      nameKey: nameKey(token.name),
      digest: digestOf(token.secrets.at(-1) as string),
      hint: `lkpat_…${token.secrets.at(-1)?.slice(-4)}`,
      permissions: token.permissions.join(' '),
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      revokedAt: token.revokedAt,
      revocationReason: token.revokedAt === null ? null : 'OWNER',
      rotatedAt: token.rotatedAt,
      previousDigest: token.previousSecret && digestOf(token.previousSecret),
      previousSecretValidUntil: token.previousValidUntil,
      allowedAddresses: token.allowedAddresses?.join(' ') ?? null,
      refusedAddressCount: model.refusedAddresses[token.id] ?? 0,
      rateLimitRequests: null,
      rateLimitWindowSeconds: null,
      quotaUses: token.quota?.uses ?? null,
      quotaRefill: token.quota?.refill ?? null,
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
          tokens: { totalCount: live.length, edges: live.map((token) => ({ node: view(model, token) })) },
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

// The reports service's endpoints, judging tokens by the clock of the sequence that is running.
let runningClock = new TestClock();
const serviceEndpoints = serviceEndpointsAt({ now: () => runningClock.now() });
let reportsKey: string | undefined;

async function introspect(credential: Credential): Promise<Observed> {
  reportsKey ??= (await createServiceKey(operatorCatalogue(), 'reports', new Date('2026-01-01T00:00:00Z'))).secret;
  const form = new URLSearchParams({ token: credential.secret });
  if (credential.from !== null) form.set('latchkey_client_address', credential.from);
  const response = await serviceEndpoints.send(
    'POST',
    '/oauth/introspect',
    [['Authorization', basic('reports', reportsKey)], FORM],
    form.toString(),
  );
  return { status: response.status, body: JSON.parse(response.body) };
}

const asCredentials = ({ secret, from }: Credential): Credentials => ({
  token: secret,
  ...(from === null ? {} : { remoteAddress: from }),
});

const transitionDocuments: Record<'revoke' | 'restore' | 'delete', string> = {
  revoke: documents.revokeToken,
  restore: documents.restoreToken,
  delete: documents.deleteToken,
};

async function perform(run: Run, operation: Concrete): Promise<Observed> {
  run.counter.commands++;
  const credentials = (actor: Credential | null): Credentials =>
    actor === null ? { cookie: run.person.cookie } : asCredentials(actor);
  const send = async (document: string, variables: Record<string, unknown>, as: Credentials) => {
    const response = await run.app.request(document, variables, as);
    return { status: response.status, body: response.body };
  };
  switch (operation.kind) {
    case 'use':
      return operation.via === 'introspection'
        ? introspect(operation.credential)
        : send(documents.use, {}, asCredentials(operation.credential));
    case 'generate': {
      const { name, expiration, permissions: granted, allowlist, quota } = operation;
      const input = { name, expiration, permissions: granted, allowedAddresses: allowlist?.given, quota };
      return send(documents.generateToken, { input }, credentials(operation.actor));
    }
    case 'edit': {
      const { name, permissions: kept, expiration, allowlist, quota } = operation.edit;
      const input = {
        name,
        permissions: kept,
        expiration,
        allowedAddresses: allowlist === 'remove' ? [] : (allowlist?.given ?? null),
        quota: quota === 'both' ? quotaChoices[0] : quota === 'remove' ? null : quota,
        removeQuota: quota === 'both' || quota === 'remove' ? true : null,
      };
      return send(documents.updateToken, { id: operation.targetId, input }, credentials(operation.actor));
    }
    case 'rotate':
      return send(
        documents.rotateToken,
        { id: operation.targetId, overlap: operation.overlap },
        credentials(operation.actor),
      );
    default:
      return send(transitionDocuments[operation.kind], { id: operation.targetId }, credentials(operation.actor));
  }
}

/**
 * An answer without what its token's quota has left: a concurrent request's use is counted when it
 * authenticates, which may fall before or after this answer is read, whichever order the changes took.
 */
function withoutQuotaRemaining(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutQuotaRemaining);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'remaining')
      .map(([key, inner]) => [key, withoutQuotaRemaining(inner)]),
  );
}

/**
 * The states (one per serialization the answers allow) that explain what the server answered. Two
 * concurrent requests are applied in either order; each authenticates when it begins, so the second
 * may have authenticated before the first changed anything.
 */
function explain(model: Model, operations: Concrete[], observed: Observed[]): Model[] {
  const comparable = operations.length === 2 ? withoutQuotaRemaining : (value: unknown) => value;
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
            .filter((alternative) => isDeepStrictEqual(comparable(alternative.expected), comparable(answered)))
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
  // Refusals for an address are compared above, with the model's count.
  const withoutLastUse = ({
    lastUsedAt: _at,
    lastUsedIp: _ip,
    lastUsedService: _service,
    refusedAddressCount: _refused,
    ...row
  }: TokenRow) => row;
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

/** What the sequences did, so that a change of the arbitraries cannot quietly stop exploring something. */
interface Counter {
  commands: number;
  /** Edits that changed a token (so edits are explored, not only refused). */
  edits: number;
  rotations: number;
  /** Uses refused for their address, and for a used-up quota. */
  refusedAddresses: number;
  usedUpQuotas: number;
  /** Secrets tried right after the model said they stopped working. */
  deadSecrets: number;
}

/** The state once refusals for an address, written a moment after the request, have been written. */
function withRefusalsWritten(model: Model): Model {
  const refusedAddresses = { ...model.refusedAddresses };
  for (const [id, count] of Object.entries(model.refusedThisStep)) {
    refusedAddresses[id] = (refusedAddresses[id] ?? 0) + count;
  }
  return { ...model, refusedAddresses, refusedThisStep: {} };
}

/** Every secret that worked when the step began and, says the model, works no more. */
function secretsThatDied(before: Model, after: Model) {
  return before.tokens.flatMap((token) =>
    token.secrets
      .filter((secret) => opened(before, secret) !== null && opened(after, secret) === null)
      .map((secret) => ({ token, secret })),
  );
}

async function runSequence(steps: Step[], counter: Counter) {
  const app = createTestApp({ clock: new TestClock(), tokenLimitPerUser: TOKEN_LIMIT });
  runningClock = app.clock;
  const signedUp = await app.signUp();
  const start = app.clock.now().getTime();
  const run: Run = { app, person: { ...signedUp }, userLocalId: localId(signedUp.userId), counter };
  let model: Model = {
    now: start,
    userId: signedUp.userId,
    email: signedUp.email,
    sessionId: await sessionIdOf(signedUp.cookie),
    reauthenticatedAt: start,
    sessionExpiresAt: start + SESSION_LIFETIME,
    tokens: [],
    events: [],
    quotaUses: {},
    refusedAddresses: {},
    refusedThisStep: {},
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
    const previous = model;
    let candidates = [model];
    let probeId = model.tokens.at(-1)?.id ?? missingTokenId;
    if (step.kind === 'advance') {
      await moveClock(step.milliseconds);
      candidates = [model];
    } else if (step.kind === 'advanceToExpiry' || step.kind === 'advanceToOverlapEnd') {
      const target = pick(model.tokens, step.target);
      const end = step.kind === 'advanceToExpiry' ? target?.expiresAt : target?.previousValidUntil;
      await moveClock(Math.max(1, (end ?? 0) + step.offset - model.now));
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
      const observed = await Promise.all(operations.map((operation) => perform(run, operation)));
      candidates = explain(model, operations, observed);
      if (candidates.length === 0) {
        const concrete = JSON.stringify(operations);
        expect(observed, `${where}: answers to ${concrete}`).toEqual(firstExpectation(model, operations, observed));
        throw new Error(`${where}: no order of ${concrete} explains the answers ${JSON.stringify(observed)}`);
      }
      counter.refusedAddresses += Object.values(candidates[0]?.refusedThisStep ?? {}).reduce((a, b) => a + b, 0);
      counter.usedUpQuotas += observed.filter(
        (answer) => answer.status === 429 || (answer.body as { latchkey_reason?: string }).latchkey_reason,
      ).length;
    }
    await refusedAddressRecorder.flush();
    candidates = candidates.map(withRefusalsWritten);
    ({ model, rows } = await checkAgainst(run, { previous, candidates, probeId, before: rows, where }));

    // No secret the model calls dead opens anything, tried from where its token may be used, so that only its
    // death refuses it; a verifier that cached it when it still worked must have forgotten it.
    for (const { token, secret } of secretsThatDied(previous, model)) {
      counter.deadSecrets++;
      const from = clientAddresses.find((address) => allowsAddress(token.allowedAddresses, address)) ?? null;
      const response = await app.request(documents.use, {}, asCredentials({ secret, from }));
      const which = token.secrets.indexOf(secret);
      expect(
        { status: response.status, body: response.body },
        `${where}: secret #${which} of ${token.id}, dead since this step`,
      ).toEqual(invalidToken);
    }
  }
  counter.edits += model.events.filter((event) => event.action === 'TOKEN_UPDATED').length;
  counter.rotations += model.events.filter((event) => event.action === 'TOKEN_ROTATED').length;
}

describe('the token state machine, against a model', () => {
  it('agrees with the model after every step of random sequences (rotations, edits, allowlists and quotas among them), concurrent pairs and clock moves; no dead secret authenticates and its audit log replays to the stored state', async ({
    annotate,
  }) => {
    const counter: Counter = {
      commands: 0,
      edits: 0,
      rotations: 0,
      refusedAddresses: 0,
      usedUpQuotas: 0,
      deadSecrets: 0,
    };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 10, maxLength: 45 }), (steps) =>
        runSequence(steps, counter),
      ),
      { numRuns: RUNS },
    );
    await annotate(`${JSON.stringify(counter)} in ${RUNS} sequences`);
    // Guards the depth of the exploration itself: over a thousand commands, not a handful.
    expect(counter.commands).toBeGreaterThanOrEqual(RUNS * 12);
    expect(counter.edits).toBeGreaterThanOrEqual(RUNS / 4);
    expect(counter.rotations).toBeGreaterThanOrEqual(RUNS / 10);
    expect(counter.refusedAddresses).toBeGreaterThanOrEqual(RUNS / 8);
    expect(counter.usedUpQuotas).toBeGreaterThanOrEqual(RUNS / 8);
    expect(counter.deadSecrets).toBeGreaterThanOrEqual(RUNS / 4);
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
