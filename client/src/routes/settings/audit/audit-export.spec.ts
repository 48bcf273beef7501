import { describe, expect, it } from 'vitest';
import { auditEvent } from './audit-event-fixtures';
import { type AuditExport, auditLogCsv, auditLogJson, exportFileName } from './audit-export';

function exportOf(fields: Partial<AuditExport> = {}): AuditExport {
  return {
    events: [auditEvent()],
    truncated: false,
    filters: { action: null, tokenId: null },
    tokenNames: new Map(),
    exportedAt: new Date('2026-01-16T09:30:00.000Z'),
    ...fields,
  };
}

describe('auditLogCsv', () => {
  it('writes a header row and one row per event, in the order given', () => {
    const csv = auditLogCsv(
      exportOf({
        events: [
          auditEvent({ id: '2', action: 'TOKEN_REVOKED', createdAt: '2026-01-15T12:05:00.000Z' }),
          auditEvent({ id: '1', action: 'TOKEN_GENERATED', createdAt: '2026-01-15T12:00:00.000Z' }),
        ],
      }),
    );
    expect(csv.split('\r\n')).toEqual([
      'time,action,description,actor,actorType,actorId,tokenId,tokenName,ip,userAgent,changes,rotationOverlap,refusedCount',
      '2026-01-15T12:05:00.000Z,TOKEN_REVOKED,Token “ci” revoked,Browser session,SESSION,session-1,UGVyc29uYWxBY2Nlc3NUb2tlbjox,ci,203.0.113.7,Mozilla/5.0 (X11; Linux x86_64),,,',
      '2026-01-15T12:00:00.000Z,TOKEN_GENERATED,Token “ci” generated,Browser session,SESSION,session-1,UGVyc29uYWxBY2Nlc3NUb2tlbjox,ci,203.0.113.7,Mozilla/5.0 (X11; Linux x86_64),,,',
      '',
    ]);
  });

  it('quotes a user agent with commas, quotes and a line break, and defuses one that starts a formula', () => {
    const csv = auditLogCsv(
      exportOf({
        events: [
          auditEvent({ userAgent: 'agent, "quoted"\nnext line' }),
          auditEvent({ userAgent: '=HYPERLINK("https://evil.example","click")' }),
        ],
      }),
    );
    expect(csv).toContain(',"agent, ""quoted""\nnext line",');
    expect(csv).toContain(`,"'=HYPERLINK(""https://evil.example"",""click"")",`);
  });

  it('defuses a token name that starts a formula wherever it appears', () => {
    const csv = auditLogCsv(exportOf({ events: [auditEvent({ tokenName: '+cmd' })] }));
    const cells = csv.split('\r\n')[1];
    expect(cells).toContain(",'+cmd,");
    expect(cells).toContain(',Token “+cmd” revoked,');
  });

  it('writes an edit’s changes as field: before → after', () => {
    const csv = auditLogCsv(
      exportOf({
        events: [
          auditEvent({
            action: 'TOKEN_UPDATED',
            changes: [
              { field: 'name', before: 'ci', after: 'deploy' },
              { field: 'description', before: null, after: 'builds' },
            ],
          }),
        ],
      }),
    );
    expect(csv).toContain(',name: ci → deploy; description: (none) → builds,');
  });
});

describe('auditLogJson', () => {
  it('holds the filters, whether the export was cut short, and each event without GraphQL type names', () => {
    const event = { ...auditEvent({ action: 'TOKEN_ROTATED', rotationOverlap: 'ONE_HOUR' }), __typename: 'AuditEvent' };
    const document = JSON.parse(
      auditLogJson(exportOf({ events: [event], truncated: true, filters: { action: 'TOKEN_ROTATED', tokenId: null } })),
    );
    expect(document).toEqual({
      exportedAt: '2026-01-16T09:30:00.000Z',
      filters: { action: 'TOKEN_ROTATED', tokenId: null },
      truncated: true,
      events: [
        {
          time: '2026-01-15T12:00:00.000Z',
          action: 'TOKEN_ROTATED',
          description: 'Token “ci” rotated; the old secret kept working for 1 hour',
          actor: 'Browser session',
          actorType: 'SESSION',
          actorId: 'session-1',
          tokenId: 'UGVyc29uYWxBY2Nlc3NUb2tlbjox',
          tokenName: 'ci',
          ip: '203.0.113.7',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
          changes: null,
          rotationOverlap: 'ONE_HOUR',
          refusedCount: null,
        },
      ],
    });
  });
});

describe('exportFileName', () => {
  it('names the file after the day of the export', () => {
    expect(exportFileName(new Date('2026-01-16T09:30:00.000Z'), 'csv')).toBe('latchkey-audit-log-2026-01-16.csv');
    expect(exportFileName(new Date('2026-01-16T09:30:00.000Z'), 'json')).toBe('latchkey-audit-log-2026-01-16.json');
  });
});
