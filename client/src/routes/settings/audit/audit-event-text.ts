import { formatDateTime } from '$lib/format';
import type { AuditActorType, RotationOverlap } from '$lib/graphql/graphql';
import type { AuditEvent } from './audit-events';

const changedFieldNames: Record<string, string> = {
  name: 'name',
  description: 'description',
  permissions: 'permissions',
  expiresAt: 'expiry date',
  allowedAddresses: 'allowed addresses',
  rateLimit: 'rate limit',
  quota: 'quota',
};

/** A changed field as a person would name it; a field this client does not know yet keeps the API's name. */
export function changedFieldName(field: string): string {
  return changedFieldNames[field] ?? field;
}

const overlapWords: Record<RotationOverlap, string> = {
  NONE: 'the old secret stopped at once',
  ONE_HOUR: 'the old secret kept working for 1 hour',
  ONE_DAY: 'the old secret kept working for 1 day',
  SEVEN_DAYS: 'the old secret kept working for 7 days',
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What happened, in a sentence: “Token “ci” revoked”, “Signed in”. */
export function describeAuditEvent(event: AuditEvent): string {
  // The name it had then: a rename or a deletion since does not rewrite history.
  const token = event.tokenName ? `Token “${event.tokenName}”` : 'A token';
  switch (event.action) {
    case 'TOKEN_GENERATED':
      return `${token} generated`;
    case 'TOKEN_REVOKED':
      // By its owner, or (with who and why) by an administrator.
      return event.administratorEmail ? `${token} revoked${byWhom(event)}${saying(event)}` : `${token} revoked`;
    case 'TOKEN_RESTORED':
      return `${token} restored`;
    case 'TOKEN_DELETED':
      return `${token} deleted`;
    case 'TOKEN_UPDATED': {
      const fields = (event.changes ?? []).map((change) => changedFieldName(change.field));
      return fields.length > 0 ? `${token} edited: ${fields.join(', ')}` : `${token} edited`;
    }
    case 'TOKEN_ROTATED':
      return event.rotationOverlap ? `${token} rotated; ${overlapWords[event.rotationOverlap]}` : `${token} rotated`;
    case 'TOKEN_USED_FROM_NEW_ADDRESS':
      return `${token} used from a new address`;
    case 'TOKEN_REFUSED_ADDRESS': {
      const count = event.refusedCount ? ` (${plural(event.refusedCount, 'request')})` : '';
      return `${token} refused: address not allowed${count}`;
    }
    case 'SIGNED_IN':
      return 'Signed in';
    case 'SIGN_IN_FAILED':
      return 'Sign-in failed: wrong password';
    case 'PASSWORD_CHANGED':
      return 'Password changed; other sessions signed out';
    case 'ADMINISTRATOR_GRANTED':
      return `${event.subjectEmail ?? 'Someone'} made an administrator${byWhom(event)}`;
    case 'ADMINISTRATOR_REVOKED':
      return `${event.subjectEmail ?? 'Someone'} no longer an administrator${byWhom(event)}`;
    case 'TOKEN_APPROVED':
      return `${token} approved${byWhom(event)}`;
    case 'TOKEN_DENIED':
      return `${token} denied${byWhom(event)}${saying(event)}`;
    case 'TOKENS_REVOKED_IN_BULK':
      return `${event.count === null ? 'Tokens' : plural(event.count, 'token')} revoked in bulk${byWhom(event)}${saying(event)}`;
    case 'ACCOUNT_LOCKED':
      return `${event.subjectEmail ?? 'An account'} locked${byWhom(event)}${saying(event)}`;
    case 'ACCOUNT_UNLOCKED':
      return `${event.subjectEmail ?? 'An account'} unlocked${byWhom(event)}`;
    case 'SERVICE_KEY_CREATED':
      return `${serviceKey(event)} created${byWhom(event)}`;
    case 'SERVICE_KEY_REVOKED':
      return `${serviceKey(event)} revoked${byWhom(event)}`;
  }
}

/** “Key lksvc_…abcd of service “reports””: a service key as its events name it, never by its secret. */
function serviceKey(event: AuditEvent): string {
  const key = event.serviceKeyHint ? `Key ${event.serviceKeyHint}` : 'A service key';
  return event.serviceId ? `${key} of service “${event.serviceId}”` : key;
}

/** The administrator's message, quoted after what they did: `: “On leave.”`. */
function saying(event: AuditEvent): string {
  return event.message ? `: “${event.message}”` : '';
}

/** Who changed a role: an administrator by email, or the operator from the shell. */
function byWhom(event: AuditEvent): string {
  return event.administratorEmail ? ` by ${event.administratorEmail}` : ' by the operator (shell)';
}

const actorKinds: Record<AuditActorType, string> = {
  SESSION: 'Browser session',
  TOKEN: 'Token',
  ANONYMOUS: 'Anonymous',
  OPERATOR: 'Operator (shell)',
};

/**
 * Who acted: a browser session, anonymous (sign-in attempts), or a token by its current name. A token that acts
 * on itself (used, refused) is named as the event names it; one deleted since has no name left.
 */
export function describeActor(event: AuditEvent, tokenNames: ReadonlyMap<string, string>): string {
  if (event.actorType !== 'TOKEN') return actorKinds[event.actorType];
  const currentName = event.actorId ? tokenNames.get(event.actorId) : undefined;
  const name = currentName ?? (event.actorId === event.tokenId ? event.tokenName : null);
  return name ? `Token “${name}”` : 'A deleted token';
}

const fullTimestampFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'long' });

/** To the second, with the time zone: for the title of a shorter date. */
export function formatFullTimestamp(iso: string): string {
  return fullTimestampFormat.format(new Date(iso));
}

/** A changed field's value as the page shows it: dates in words, nothing as “none”. */
export function describeChangedValue(field: string, value: string | null | undefined): string {
  if (value == null || value === '') return 'none';
  if (field === 'expiresAt' && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
  return value;
}

const USER_AGENT_PREVIEW = 48;

/** The start of a long user agent, for a cell that can show the rest on demand; null when it is short already. */
export function userAgentPreview(userAgent: string): string | null {
  return userAgent.length > USER_AGENT_PREVIEW ? `${userAgent.slice(0, USER_AGENT_PREVIEW).trimEnd()}…` : null;
}
