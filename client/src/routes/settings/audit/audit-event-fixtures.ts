import type { AuditEvent } from './audit-events';

/** An audit event as the API returns it, for specs: a session revoking “ci” unless told otherwise. */
export function auditEvent(fields: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 'QXVkaXRFdmVudDox',
    action: 'TOKEN_REVOKED',
    actorType: 'SESSION',
    actorId: 'session-1',
    tokenId: 'UGVyc29uYWxBY2Nlc3NUb2tlbjox',
    tokenName: 'ci',
    changes: null,
    rotationOverlap: null,
    refusedCount: null,
    administratorEmail: null,
    subjectEmail: null,
    message: null,
    count: null,
    serviceId: null,
    serviceKeyHint: null,
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    createdAt: '2026-01-15T12:00:00.000Z',
    ...fields,
  };
}
