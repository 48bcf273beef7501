import { describe, expect, it } from 'vitest';
import { auditEvent } from './audit-event-fixtures';
import { describeActor, describeAuditEvent, describeChangedValue, userAgentPreview } from './audit-event-text';

describe('describeAuditEvent', () => {
  it.each([
    ['TOKEN_GENERATED', 'Token “ci” generated'],
    ['TOKEN_REVOKED', 'Token “ci” revoked'],
    ['TOKEN_RESTORED', 'Token “ci” restored'],
    ['TOKEN_DELETED', 'Token “ci” deleted'],
    ['TOKEN_USED_FROM_NEW_ADDRESS', 'Token “ci” used from a new address'],
    ['SIGNED_IN', 'Signed in'],
    ['SIGN_IN_FAILED', 'Sign-in failed: wrong password'],
    ['PASSWORD_CHANGED', 'Password changed; other sessions signed out'],
  ] as const)('says what %s means in words', (action, sentence) => {
    expect(describeAuditEvent(auditEvent({ action }))).toBe(sentence);
  });

  it('lists the fields an edit changed', () => {
    const event = auditEvent({
      action: 'TOKEN_UPDATED',
      changes: [
        { field: 'name', before: 'ci', after: 'deploy' },
        { field: 'expiresAt', before: null, after: '2026-03-01T00:00:00.000Z' },
        { field: 'allowedAddresses', before: null, after: '10.0.0.0/8' },
      ],
    });
    expect(describeAuditEvent(event)).toBe('Token “ci” edited: name, expiry date, allowed addresses');
  });

  it('says how long a rotated token’s old secret kept working', () => {
    expect(describeAuditEvent(auditEvent({ action: 'TOKEN_ROTATED', rotationOverlap: 'ONE_DAY' }))).toBe(
      'Token “ci” rotated; the old secret kept working for 1 day',
    );
    expect(describeAuditEvent(auditEvent({ action: 'TOKEN_ROTATED', rotationOverlap: 'NONE' }))).toBe(
      'Token “ci” rotated; the old secret stopped at once',
    );
  });

  it('counts the requests a refusal stands for', () => {
    expect(describeAuditEvent(auditEvent({ action: 'TOKEN_REFUSED_ADDRESS', refusedCount: 3 }))).toBe(
      'Token “ci” refused: address not allowed (3 requests)',
    );
    expect(describeAuditEvent(auditEvent({ action: 'TOKEN_REFUSED_ADDRESS', refusedCount: 1 }))).toBe(
      'Token “ci” refused: address not allowed (1 request)',
    );
  });

  it('says “A token” when the event kept no name', () => {
    expect(describeAuditEvent(auditEvent({ tokenName: null }))).toBe('A token revoked');
  });

  it('says who was made an administrator, or stopped being one, and by whom', () => {
    const granted = auditEvent({
      action: 'ADMINISTRATOR_GRANTED',
      tokenName: null,
      subjectEmail: 'ada@example.com',
      administratorEmail: 'root@example.com',
    });
    expect(describeAuditEvent(granted)).toBe('ada@example.com made an administrator by root@example.com');
    const revoked = auditEvent({ action: 'ADMINISTRATOR_REVOKED', tokenName: null, subjectEmail: 'ada@example.com' });
    expect(describeAuditEvent(revoked)).toBe('ada@example.com no longer an administrator by the operator (shell)');
    expect(describeActor(auditEvent({ actorType: 'OPERATOR', actorId: null }), new Map())).toBe('Operator (shell)');
  });

  it("quotes the administrator's message and says how many tokens a bulk revocation took", () => {
    const administratorEmail = 'root@example.com';
    const message = 'Contractor left.';
    expect(describeAuditEvent(auditEvent({ administratorEmail, message }))).toBe(
      'Token “ci” revoked by root@example.com: “Contractor left.”',
    );
    expect(
      describeAuditEvent(
        auditEvent({ action: 'TOKENS_REVOKED_IN_BULK', tokenName: null, administratorEmail, message, count: 1200 }),
      ),
    ).toBe('1200 tokens revoked in bulk by root@example.com: “Contractor left.”');
    expect(
      describeAuditEvent(
        auditEvent({
          action: 'ACCOUNT_LOCKED',
          subjectEmail: 'ada@example.com',
          administratorEmail,
          message: 'On leave.',
        }),
      ),
    ).toBe('ada@example.com locked by root@example.com: “On leave.”');
  });

  it('names a service key by its service and hint, never more', () => {
    const created = auditEvent({
      action: 'SERVICE_KEY_CREATED',
      tokenName: null,
      serviceId: 'reports',
      serviceKeyHint: 'lksvc_…abcd',
      administratorEmail: 'root@example.com',
    });
    expect(describeAuditEvent(created)).toBe('Key lksvc_…abcd of service “reports” created by root@example.com');
    const revoked = auditEvent({ action: 'SERVICE_KEY_REVOKED', tokenName: null, serviceId: 'reports' });
    expect(describeAuditEvent(revoked)).toBe('A service key of service “reports” revoked by the operator (shell)');
  });
});

describe('describeActor', () => {
  const tokenNames = new Map([['UGVyc29uYWxBY2Nlc3NUb2tlbjoy', 'automation']]);

  it('names a browser session and an anonymous sign-in attempt', () => {
    expect(describeActor(auditEvent(), tokenNames)).toBe('Browser session');
    expect(describeActor(auditEvent({ actorType: 'ANONYMOUS', actorId: null }), tokenNames)).toBe('Anonymous');
  });

  it('names an acting token by its current name', () => {
    const event = auditEvent({ actorType: 'TOKEN', actorId: 'UGVyc29uYWxBY2Nlc3NUb2tlbjoy' });
    expect(describeActor(event, tokenNames)).toBe('Token “automation”');
  });

  it('names a token acting on itself as the event does, even once it is deleted', () => {
    const event = auditEvent({
      action: 'TOKEN_USED_FROM_NEW_ADDRESS',
      actorType: 'TOKEN',
      actorId: 'UGVyc29uYWxBY2Nlc3NUb2tlbjox',
    });
    expect(describeActor(event, new Map())).toBe('Token “ci”');
  });

  it('says a token is deleted when nothing names it any more', () => {
    const event = auditEvent({ actorType: 'TOKEN', actorId: 'UGVyc29uYWxBY2Nlc3NUb2tlbjo5' });
    expect(describeActor(event, tokenNames)).toBe('A deleted token');
  });
});

describe('describeChangedValue', () => {
  it('shows nothing as “none” and dates in words', () => {
    expect(describeChangedValue('description', null)).toBe('none');
    expect(describeChangedValue('expiresAt', '2026-03-01T12:00:00.000Z')).toMatch(/^Mar 1, 2026/);
    expect(describeChangedValue('permissions', 'profile:read tokens:read')).toBe('profile:read tokens:read');
  });
});

describe('userAgentPreview', () => {
  it('shortens a long user agent and leaves a short one alone', () => {
    const long = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
    expect(userAgentPreview(long)).toBe('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.…');
    expect(userAgentPreview('curl/8.5.0')).toBeNull();
  });
});
