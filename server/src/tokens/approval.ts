import type { Viewer } from '../audit/actor.js';
import { auditActorOf } from '../audit/actor.js';
import { type AuditPerson, auditPerson, type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { db, engine } from '../db.js';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../errors.js';
import type { AuditAction, Prisma } from '../generated/prisma/client.js';
import { notify } from '../notifications/events.js';
import { announceTokenInvalidated } from './invalidation.js';
import { parsePermissions } from './permissions.js';
import { tokenVerifier } from './verification.js';

// Issue 19's approval flow: a token asking for a permission in the `approvalRequired` policy is created PENDING
// (tokens/status.ts); an administrator approves it (its lifetime starts then) or denies it (revoked, DENIED).

/** The requested permissions an administrator must approve, in the order asked for. */
export function permissionsNeedingApproval(
  permissions: readonly string[],
  approvalRequired: ReadonlySet<string>,
): string[] {
  return permissions.filter((permission) => approvalRequired.has(permission));
}

/** When a new token starts waiting for approval: now if any permission needs it, otherwise null (active at once). */
export function pendingApprovalSinceFor(
  permissions: readonly string[],
  approvalRequired: ReadonlySet<string>,
  now: Date,
): Date | null {
  return permissionsNeedingApproval(permissions, approvalRequired).length > 0 ? now : null;
}

/** Why a token may not be restored by its owner because it was never approved, or null. */
export function unapprovedRestoreProblem(
  token: { permissions: string; approvedAt: Date | null },
  approvalRequired: ReadonlySet<string>,
): string | null {
  if (token.approvedAt) return null;
  const needing = permissionsNeedingApproval(parsePermissions(token.permissions), approvalRequired);
  if (needing.length === 0) return null;
  return `This token was never approved and ${needing.join(', ')} needs an administrator's approval: generate a new one.`;
}

/** A pending token is neither edited nor rotated: its owner may only withdraw the request (revoke it). */
export function checkNotPending(token: { pendingApprovalSince: Date | null }, change: 'edited' | 'restored'): void {
  if (token.pendingApprovalSince) {
    throw new InvalidTransitionError(
      `A token waiting for an administrator's approval cannot be ${change}: revoke it to withdraw the request.`,
    );
  }
}

/**
 * Restoring brings back what its owner revoked: never a pending token, nor a withdrawn request that was never
 * approved (that would skip the approval it waited for).
 */
export function checkApprovalOnRestore(
  token: { pendingApprovalSince: Date | null; revokedAt: Date | null; permissions: string; approvedAt: Date | null },
  approvalRequired: ReadonlySet<string>,
): void {
  checkNotPending(token, 'restored');
  const problem = token.revokedAt ? unapprovedRestoreProblem(token, approvalRequired) : null;
  if (problem) throw new InvalidTransitionError(problem);
}

export const DECISION_MESSAGE_MAX_LENGTH = 500;

/** A decision's message as stored (trimmed, null when empty), or a ValidationError. */
export function decisionMessage(message: string | null | undefined, required: boolean): string | null {
  const trimmed = message?.trim() ?? '';
  if (!trimmed) {
    if (required) throw ValidationError.forField(['message'], 'Say why the request is denied: its owner reads it.');
    return null;
  }
  if ([...trimmed].length > DECISION_MESSAGE_MAX_LENGTH) {
    throw ValidationError.forField(['message'], `Messages are at most ${DECISION_MESSAGE_MAX_LENGTH} characters.`);
  }
  if (/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(trimmed.replaceAll('\n', ''))) {
    throw ValidationError.forField(['message'], 'Messages cannot contain control characters.');
  }
  return trimmed;
}

export interface DecisionContext {
  viewer: Viewer;
  now: Date;
  origin: RequestOrigin;
}

/** A request as the queue shows it: the token's row (never its digests) and its owner's email. */
export const PENDING_REQUEST_SELECT = {
  id: true,
  userId: true,
  name: true,
  description: true,
  permissions: true,
  createdAt: true,
  expiresAt: true,
  pendingApprovalSince: true,
  approvedAt: true,
  approvedByEmail: true,
  revokedAt: true,
  revocationReason: true,
  revocationMessage: true,
  user: { select: { email: true } },
} as const satisfies Prisma.PersonalAccessTokenSelect;

export type ApprovalRequest = Prisma.PersonalAccessTokenGetPayload<{ select: typeof PENDING_REQUEST_SELECT }>;

const ALREADY_DECIDED = 'This request no longer waits for approval: it was approved, denied or withdrawn.';

type Decision = 'approve' | 'deny';

/**
 * Approves or denies one pending request: one conditional write on `pendingApprovalSince` (a second decision
 * finds nothing to change and gets an InvalidTransitionError), audited in the owner's log and the deciding
 * administrator's, the owner notified, every replica and connected verifier told to forget what it knew (the
 * refusal it cached while the token was pending), all in one transaction.
 */
async function decide(
  context: DecisionContext,
  tokenId: string,
  decision: Decision,
  message: string | null,
): Promise<ApprovalRequest> {
  const { viewer, now, origin } = context;
  const decided = await db.$transaction(async (tx) => {
    if (engine === 'postgresql') {
      await tx.$queryRaw`SELECT "id" FROM "PersonalAccessToken" WHERE "id" = ${tokenId} FOR UPDATE`;
    }
    const current = await tx.personalAccessToken.findUnique({ where: { id: tokenId }, select: PENDING_REQUEST_SELECT });
    if (!current) throw new NotFoundError('No token with that id exists.');
    const since = current.pendingApprovalSince;
    if (!since) throw new InvalidTransitionError(ALREADY_DECIDED);
    // Four eyes: an administrator's own request needs another administrator; withdrawing or denying it is theirs.
    if (decision === 'approve' && current.userId === viewer.userId) {
      throw new InvalidTransitionError('Another administrator must approve your own request.');
    }
    const administrator = await auditPerson(tx, viewer.userId);
    const data: Prisma.PersonalAccessTokenUpdateManyMutationInput =
      decision === 'approve'
        ? {
            pendingApprovalSince: null,
            approvedAt: now,
            approvedByEmail: administrator.email,
            // Its lifetime counts from approval: the wait is added to the expiry it was requested with.
            expiresAt: new Date(now.getTime() + (current.expiresAt.getTime() - since.getTime())),
          }
        : { pendingApprovalSince: null, revokedAt: now, revocationReason: 'DENIED', revocationMessage: message };
    const { count } = await tx.personalAccessToken.updateMany({
      where: { id: tokenId, pendingApprovalSince: since },
      data,
    });
    if (count === 0) throw new InvalidTransitionError(ALREADY_DECIDED);
    const after = await tx.personalAccessToken.findUniqueOrThrow({
      where: { id: tokenId },
      select: PENDING_REQUEST_SELECT,
    });
    const action: AuditAction = decision === 'approve' ? 'TOKEN_APPROVED' : 'TOKEN_DENIED';
    const subject: AuditPerson = { userId: current.userId, email: current.user.email };
    for (const userId of new Set([current.userId, administrator.userId])) {
      await recordAuditEvent(tx, {
        userId,
        action,
        actor: auditActorOf(viewer),
        token: { id: tokenId, name: current.name },
        administration: { administrator, subject },
        message,
        origin,
        at: now,
      });
    }
    await notify(tx, {
      userId: current.userId,
      type: decision === 'approve' ? 'token.approved' : 'token.denied',
      data: {
        tokenId,
        tokenName: current.name,
        administratorEmail: administrator.email,
        message,
        ...(decision === 'approve' ? { expiresAt: after.expiresAt.toISOString() } : {}),
      },
      at: now,
    });
    await announceTokenInvalidated(tx, tokenId);
    return after;
  });
  tokenVerifier.forget(tokenId);
  return decided;
}

/** The token starts working at once; it expires as long after now as it was requested for. */
export function approveToken(context: DecisionContext, tokenId: string, message: string | null | undefined) {
  return decide(context, tokenId, 'approve', decisionMessage(message, false));
}

/** The token is revoked (reason DENIED) with the message, which its owner reads; it can never be restored. */
export function denyToken(context: DecisionContext, tokenId: string, message: string | null | undefined) {
  return decide(context, tokenId, 'deny', decisionMessage(message, true));
}

export interface PendingPageRequest {
  after?: string;
  before?: string;
  limit: number;
  inverted: boolean;
}

/** A queue cursor: the request's instant and id, so a cursor stays valid after its own request is decided. */
export function approvalCursor(request: { pendingApprovalSince: Date | null; id: string }): string {
  return Buffer.from(`${request.pendingApprovalSince?.toISOString() ?? ''}|${request.id}`).toString('base64url');
}

function parseApprovalCursor(cursor: string): { since: Date; id: string } | null {
  const [iso, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const since = new Date(iso ?? '');
  if (rest.length > 0 || !id || Number.isNaN(since.getTime())) return null;
  return { since, id };
}

/** Pending requests, oldest first (or newest first when `inverted`), after or before a cursor. */
export async function findPendingApprovals(request: PendingPageRequest): Promise<ApprovalRequest[] | null> {
  const cursor = request.after ?? request.before;
  const position = cursor ? parseApprovalCursor(cursor) : undefined;
  if (position === null) return null;
  const forward = !request.inverted;
  const beyond = forward ? 'gt' : 'lt';
  return db.personalAccessToken.findMany({
    where: {
      pendingApprovalSince: { not: null },
      ...(position
        ? {
            OR: [
              { pendingApprovalSince: { [beyond]: position.since } },
              { pendingApprovalSince: position.since, id: { [beyond]: position.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ pendingApprovalSince: forward ? 'asc' : 'desc' }, { id: forward ? 'asc' : 'desc' }],
    take: request.limit,
    select: PENDING_REQUEST_SELECT,
  });
}
