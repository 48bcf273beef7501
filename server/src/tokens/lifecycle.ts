import { tokenNameKey } from '@latchkey/rules';
import { auditActorOf, type Viewer } from '../audit/actor.js';
import { type AuditChange, type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { db, engine } from '../db.js';
import {
  ExpiryTooLateError,
  InvalidTransitionError,
  NameTakenError,
  NotFoundError,
  PermissionsNotAllowedError,
  TokenLimitError,
  ValidationError,
} from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { newId } from '../ids.js';
import type { Policies } from '../policies/policies.js';
import { checkRestorePolicies, checkTokenPolicies } from '../policies/token-rules.js';
import { checkApprovalOnRestore, checkNotPending, pendingApprovalSinceFor } from './approval.js';
import {
  type ControlColumns,
  type CountedQuota,
  controlColumns,
  controlsDelegationProblem,
  controlsOf,
  countedQuota,
  quotaOf,
  type RequestedControls,
  type TokenControls,
} from './controls.js';
import { type ExpiryChoice, expiresAtOf } from './expiration.js';
import { generateTokenSecret, tokenDigest, tokenHint } from './format.js';
import { announceTokenInvalidated } from './invalidation.js';
import { indexTokenPermissions } from './permission-index.js';
import { isAdministrativePermission, parsePermissions, serializePermissions } from './permissions.js';
import { revokeTokens } from './revocation.js';
import { usageLimits } from './usage-limits.js';
import { tokenVerifier } from './verification.js';

export interface LifecycleContext {
  viewer: Viewer;
  now: Date;
  origin: RequestOrigin;
  /** The operator's policies (policies/policies.ts) new and edited tokens are held to. */
  policies: Policies;
}

export interface GenerateTokenInput {
  name: string;
  description: string | null;
  expiry: ExpiryChoice;
  permissions: string[];
  controls: RequestedControls;
}

export function normalizeTokenName(name: string): string {
  return name.trim();
}

/** Why a token holding `admin:*` may not be brought into use by someone who is not an administrator. */
export const ADMINISTRATIVE_PERMISSIONS_RULE = 'Only an administrator may hold admin:read or admin:write.';

/**
 * A token may only bring into use (mint, restore, rotate or edit) tokens that are no more powerful and no
 * longer-lived than itself; a session may bring any, but only an administrator's may bring `admin:*`. Returns
 * what is wrong, or null.
 */
export function delegationProblem(
  viewer: Viewer,
  permissions: readonly string[],
  expiresAt: Date,
): 'administrator' | 'permissions' | 'expiration' | null {
  if (!viewer.administrator && permissions.some(isAdministrativePermission)) return 'administrator';
  const { token } = viewer;
  if (!token) return null;
  // What it holds grants what that implies; a name since removed from the catalogue it can pass on as held.
  if (!permissions.every((name) => token.grants.has(name) || token.permissions.includes(name))) return 'permissions';
  if (expiresAt > token.expiresAt) return 'expiration';
  return null;
}

function checkDelegation(viewer: Viewer, permissions: string[], expiresAt: Date): void {
  const problem = delegationProblem(viewer, permissions, expiresAt);
  if (problem === 'administrator')
    throw ValidationError.forField(['input', 'permissions'], ADMINISTRATIVE_PERMISSIONS_RULE);
  if (problem === 'permissions') {
    throw ValidationError.forField(['input', 'permissions'], 'A token can only grant permissions it holds itself.');
  }
  if (problem === 'expiration') {
    throw new ExpiryTooLateError(
      `A token cannot create a token that outlives it: choose ${viewer.token?.expiresAt.toISOString()} or earlier.`,
      viewer.token?.expiresAt ?? expiresAt,
    );
  }
}

const CONTROLS_DELEGATION_RULES = {
  allowedAddresses: 'A token held to an address allowlist can only leave tokens held to addresses within it.',
  rateLimit: 'A token with a rate limit can only leave tokens with a rate limit at least as strict.',
  quota: 'A token with a quota can only leave tokens with a quota no larger, refilled no more often.',
} as const;

/** A token may not hand out a way around its own address allowlist, rate limit or quota. */
function checkControlsDelegation(viewer: Viewer, controls: RequestedControls | null): void {
  const problem = viewer.token ? controlsDelegationProblem(viewer.token.controls, controls) : null;
  if (problem) throw ValidationError.forField(['input', problem], CONTROLS_DELEGATION_RULES[problem]);
}

function checkRestoreDelegation(
  viewer: Viewer,
  token: ControlColumns & { permissions: string; expiresAt: Date },
): void {
  if (viewer.token && controlsDelegationProblem(viewer.token.controls, controlsOf(token))) {
    throw new InvalidTransitionError(
      'A token can only restore tokens held to its own address allowlist, rate limit and quota, or tighter.',
    );
  }
  const problem = delegationProblem(viewer, parsePermissions(token.permissions), token.expiresAt);
  if (problem === 'administrator') throw new InvalidTransitionError(ADMINISTRATIVE_PERMISSIONS_RULE);
  if (problem === 'permissions') {
    throw new InvalidTransitionError('A token can only restore tokens whose permissions it holds itself.');
  }
  if (problem === 'expiration') {
    throw new InvalidTransitionError('A token can only restore tokens that expire no later than itself.');
  }
}

export async function generateToken(context: LifecycleContext, input: GenerateTokenInput, tokenLimit: number) {
  const { viewer, now, origin } = context;
  const name = normalizeTokenName(input.name);
  const expiresAt = expiresAtOf(input.expiry, now);
  checkDelegation(viewer, input.permissions, expiresAt);
  checkTokenPolicies(
    context.policies,
    { expiry: input.expiry, expiresAt, permissions: input.permissions, allowlist: input.controls.allowlist },
    now,
  );
  const controls = { ...input.controls, quota: countedQuota(input.controls.quota, null, now) };
  checkControlsDelegation(viewer, controlsOf(controlColumns(controls)));
  const secret = generateTokenSecret();
  try {
    const token = await db.$transaction(async (tx) => {
      // Writing the user row first serialises concurrent generations for one user, so the limit holds.
      await tx.user.update({ where: { id: viewer.userId }, data: { tokensLockedAt: now } });
      const existing = await tx.personalAccessToken.count({ where: { userId: viewer.userId } });
      if (existing >= tokenLimit) throw new TokenLimitError(tokenLimit);
      const taken = await tx.personalAccessToken.findFirst({
        where: { userId: viewer.userId, nameKey: tokenNameKey(name) },
        select: { name: true },
      });
      // The name as the person gave it before: `ｄｅｐｌｏｙ` collides with their "deploy", which is what they know.
      if (taken) throw new NameTakenError(taken.name);
      const created = await tx.personalAccessToken.create({
        data: {
          id: newId(),
          userId: viewer.userId,
          name,
          description: input.description,
          nameKey: tokenNameKey(name),
          digest: tokenDigest(secret),
          hint: tokenHint(secret),
          permissions: serializePermissions(input.permissions),
          createdAt: now,
          expiresAt,
          ...controlColumns(controls),
          createdFromAddress: origin.ip,
          pendingApprovalSince: pendingApprovalSinceFor(input.permissions, context.policies.approvalRequired, now),
        },
      });
      await indexTokenPermissions(tx, created.id, parsePermissions(created.permissions), { replacing: false });
      await recordAuditEvent(tx, {
        userId: viewer.userId,
        action: 'TOKEN_GENERATED',
        actor: auditActorOf(viewer),
        token: created,
        origin,
        at: now,
      });
      return created;
    });
    return { token, secret };
  } catch (error) {
    if (isUniqueViolation(error)) throw new NameTakenError(name);
    throw error;
  }
}

export const ownedBy = (viewer: Viewer, id: string) => ({ id, userId: viewer.userId });

/**
 * Takes the token's row lock before anything else in a transition, so concurrent transitions on one
 * token queue up and each reads the state the previous one left. SQLite transactions are serialised
 * already; PostgreSQL needs the lock.
 */
export async function lockToken(tx: Prisma.TransactionClient, viewer: Viewer, id: string): Promise<void> {
  if (engine !== 'postgresql') return;
  await tx.$queryRaw`SELECT "id" FROM "PersonalAccessToken" WHERE "id" = ${id} AND "userId" = ${viewer.userId} FOR UPDATE`;
}

/** Revoking a token that is already revoked or expired succeeds and changes nothing. */
export async function revokeToken(context: LifecycleContext, id: string) {
  const { viewer, now, origin } = context;
  const {
    tokens: [token],
  } = await revokeTokens(
    { userId: viewer.userId, tokenIds: [id] },
    { reason: 'OWNER', actor: auditActorOf(viewer), origin, at: now },
  );
  if (!token) throw new NotFoundError();
  return token;
}

/** Restoring brings back only what its owner revoked, and only while it has not expired. */
export async function restoreToken(context: LifecycleContext, id: string) {
  const { viewer, now, origin } = context;
  const restored = await db.$transaction(async (tx) => {
    await lockToken(tx, viewer, id);
    // Checked before the conditional write: the row lock keeps an edit from changing them in between.
    const target = await tx.personalAccessToken.findFirst({
      where: ownedBy(viewer, id),
      select: {
        permissions: true,
        expiresAt: true,
        allowedAddresses: true,
        rateLimitRequests: true,
        rateLimitWindowSeconds: true,
        quotaUses: true,
        quotaRefill: true,
        quotaSince: true,
        revokedAt: true,
        pendingApprovalSince: true,
        approvedAt: true,
      },
    });
    if (!target) throw new NotFoundError();
    checkApprovalOnRestore(target, context.policies.approvalRequired);
    checkRestoreDelegation(viewer, target);
    checkRestorePolicies(context.policies, target);
    const { count } = await tx.personalAccessToken.updateMany({
      where: { ...ownedBy(viewer, id), revokedAt: { not: null }, revocationReason: 'OWNER', expiresAt: { gt: now } },
      data: { revokedAt: null, revocationReason: null },
    });
    const current = await tx.personalAccessToken.findFirst({ where: ownedBy(viewer, id) });
    if (!current) throw new NotFoundError();
    if (count === 1) {
      // Replicas may remember it as refused.
      await announceTokenInvalidated(tx, current.id);
      await recordAuditEvent(tx, {
        userId: viewer.userId,
        action: 'TOKEN_RESTORED',
        actor: auditActorOf(viewer),
        token: current,
        origin,
        at: now,
      });
      return current;
    }
    if (current.expiresAt <= now) throw new InvalidTransitionError('An expired token cannot be restored.');
    if (current.revokedAt && current.revocationReason !== 'OWNER') {
      throw new InvalidTransitionError(
        'This token was revoked for your protection and cannot be restored. Generate a new one.',
      );
    }
    return current;
  });
  tokenVerifier.forget(id);
  return restored;
}

/** Only a token that can no longer authenticate (revoked or expired) may be deleted. */
export async function deleteToken(context: LifecycleContext, id: string): Promise<string> {
  const { viewer, now, origin } = context;
  let deletedQuota: CountedQuota | null = null;
  await db.$transaction(async (tx) => {
    await lockToken(tx, viewer, id);
    const current = await tx.personalAccessToken.findFirst({
      where: ownedBy(viewer, id),
      select: { id: true, name: true, quotaUses: true, quotaRefill: true, quotaSince: true },
    });
    if (!current) throw new NotFoundError();
    deletedQuota = quotaOf(current);
    const { count } = await tx.personalAccessToken.deleteMany({
      where: {
        ...ownedBy(viewer, id),
        pendingApprovalSince: null,
        OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }],
      },
    });
    if (count === 0) throw new InvalidTransitionError('Revoke the token before deleting it.');
    await announceTokenInvalidated(tx, current.id);
    await recordAuditEvent(tx, {
      userId: viewer.userId,
      action: 'TOKEN_DELETED',
      actor: auditActorOf(viewer),
      token: current,
      origin,
      at: now,
    });
  });
  tokenVerifier.forget(id);
  await usageLimits.forget(id, deletedQuota);
  return id;
}

/** What an edit asks for; each field left out stays as it is. */
export interface TokenEditInput {
  name?: string;
  /** Null removes the description. */
  description?: string | null;
  /** The permissions it keeps: some or all of those it has. */
  permissions?: string[];
  expiry?: ExpiryChoice;
  /** The controls it sets (null removes one); those left out stay as they are. */
  controls?: Partial<RequestedControls>;
}

interface EditableFields extends ControlColumns {
  name: string;
  description: string | null;
  permissions: string;
  expiresAt: Date;
}

/** Each audited field as the audit log shows it (`AuditChange.field`'s description lists them). */
const AUDITED_FIELDS: Record<string, (token: EditableFields) => string | null> = {
  name: (token) => token.name,
  description: (token) => token.description,
  permissions: (token) => token.permissions,
  expiresAt: (token) => token.expiresAt.toISOString(),
  allowedAddresses: (token) => token.allowedAddresses,
  rateLimit: ({ rateLimitRequests: requests, rateLimitWindowSeconds: seconds }) =>
    requests === null ? null : `${requests}/${seconds}s`,
  quota: ({ quotaUses: uses, quotaRefill: refill }) =>
    uses === null ? null : refill ? `${uses}/${refill}` : `${uses}`,
};

function auditedChanges(before: EditableFields, after: EditableFields): AuditChange[] {
  return Object.entries(AUDITED_FIELDS)
    .filter(([, shown]) => shown(before) !== shown(after))
    .map(([field, shown]) => ({ field, before: shown(before), after: shown(after) }));
}

/**
 * Renames a token, changes its description, removes permissions or shortens its life; never the reverse (that is
 * a new token). A token may only edit into what it could have minted. Replicas and services' revocation streams
 * drop what they knew of it, so a removed permission or an earlier expiry holds from the next request on.
 */
export async function updateToken(context: LifecycleContext, id: string, edit: TokenEditInput) {
  const { viewer, now, origin } = context;
  const name = edit.name === undefined ? undefined : normalizeTokenName(edit.name);
  let changed = false;
  let replacedQuota: CountedQuota | null = null;
  try {
    const updated = await db.$transaction(async (tx) => {
      await lockToken(tx, viewer, id);
      const current = await tx.personalAccessToken.findFirst({ where: ownedBy(viewer, id) });
      if (!current) throw new NotFoundError();
      checkNotPending(current, 'edited');
      const held = parsePermissions(current.permissions);
      const added = (edit.permissions ?? []).filter((permission) => !held.includes(permission));
      if (added.length > 0) {
        throw new PermissionsNotAllowedError(
          `An edit can only remove permissions; generate a new token for ${added.join(', ')}.`,
          added,
        );
      }
      const expiresAt = edit.expiry ? expiresAtOf(edit.expiry, now) : current.expiresAt;
      if (expiresAt > current.expiresAt) {
        throw new ExpiryTooLateError(
          `An edit can only shorten a token's life: choose ${current.expiresAt.toISOString()} or earlier.`,
          current.expiresAt,
        );
      }
      const heldControls = currentControls(current);
      replacedQuota = heldControls.quota;
      const controls: TokenControls = {
        ...heldControls,
        ...edit.controls,
        quota:
          edit.controls?.quota === undefined
            ? heldControls.quota
            : countedQuota(edit.controls.quota, heldControls.quota, now),
      };
      const next: EditableFields = {
        name: name ?? current.name,
        description: edit.description === undefined ? current.description : edit.description,
        permissions: edit.permissions ? serializePermissions(edit.permissions) : current.permissions,
        expiresAt,
        ...controlColumns(controls),
      };
      checkEditDelegation(viewer, parsePermissions(next.permissions), expiresAt, current.expiresAt);
      checkControlsDelegation(viewer, controlsOf(next));
      checkTokenPolicies(
        context.policies,
        {
          expiry: edit.expiry,
          expiresAt,
          permissions: parsePermissions(next.permissions),
          allowlist: controls.allowlist,
        },
        now,
      );
      const changes = auditedChanges(current, next);
      if (changes.length === 0) return current;
      if (tokenNameKey(next.name) !== current.nameKey) {
        const taken = await tx.personalAccessToken.findFirst({
          where: { userId: viewer.userId, nameKey: tokenNameKey(next.name), id: { not: id } },
          select: { name: true },
        });
        if (taken) throw new NameTakenError(taken.name);
      }
      const { count } = await tx.personalAccessToken.updateMany({
        where: { ...ownedBy(viewer, id), permissions: current.permissions, expiresAt: current.expiresAt },
        data: { ...next, nameKey: tokenNameKey(next.name) },
      });
      if (count === 0) throw new NotFoundError();
      if (next.permissions !== current.permissions) {
        await indexTokenPermissions(tx, id, parsePermissions(next.permissions), { replacing: true });
      }
      const after = { ...current, ...next, nameKey: tokenNameKey(next.name) };
      await announceTokenInvalidated(tx, id);
      await recordAuditEvent(tx, {
        userId: viewer.userId,
        action: 'TOKEN_UPDATED',
        actor: auditActorOf(viewer),
        token: after,
        changes,
        origin,
        at: now,
      });
      changed = true;
      return after;
    });
    if (changed) tokenVerifier.forget(id);
    // A quota that never refilled, replaced by another count: its counter would never expire by itself.
    const replaced = replacedQuota as CountedQuota | null;
    if (replaced && updated.quotaSince?.getTime() !== replaced.since.getTime()) await usageLimits.forget(id, replaced);
    return updated;
  } catch (error) {
    if (isUniqueViolation(error) && name !== undefined) throw new NameTakenError(name);
    throw error;
  }
}

/** A token's controls as stored, every one of them present (null when it has none of that kind). */
function currentControls(columns: ControlColumns): TokenControls {
  return controlsOf(columns) ?? { allowlist: null, rateLimit: null, quota: null };
}

function checkEditDelegation(viewer: Viewer, permissions: string[], expiresAt: Date, currentExpiresAt: Date): void {
  const problem = delegationProblem(viewer, permissions, expiresAt);
  if (problem === 'administrator') {
    throw new PermissionsNotAllowedError(
      ADMINISTRATIVE_PERMISSIONS_RULE,
      permissions.filter(isAdministrativePermission),
    );
  }
  if (problem === 'permissions' && viewer.token) {
    const { grants, permissions: own } = viewer.token;
    const refused = permissions.filter((name) => !grants.has(name) && !own.includes(name));
    throw new PermissionsNotAllowedError(
      `A token can only edit tokens whose permissions it holds itself; it does not hold ${refused.join(', ')}.`,
      refused,
    );
  }
  if (problem === 'expiration' && viewer.token) {
    const latest = viewer.token.expiresAt < currentExpiresAt ? viewer.token.expiresAt : currentExpiresAt;
    throw new ExpiryTooLateError(
      `A token can only edit tokens that expire no later than itself: choose ${latest.toISOString()} or earlier.`,
      latest,
    );
  }
}
