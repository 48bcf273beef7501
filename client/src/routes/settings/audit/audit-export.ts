import { toCsv } from '$lib/csv';
import { describeActor, describeAuditEvent } from './audit-event-text';
import type { AuditEvent } from './audit-events';
import type { AuditFilters } from './audit-filters';

/** The export stops here: the browser holds it all in memory, and a longer log is better read through the API. */
export const EXPORT_LIMIT = 10_000;

export interface AuditExport {
  events: AuditEvent[];
  /** More events matched than the export holds. */
  truncated: boolean;
  filters: AuditFilters;
  tokenNames: ReadonlyMap<string, string>;
  exportedAt: Date;
}

/** One event as both formats write it: the API's fields, named plainly, with the page's sentence and actor. */
function exportedEvent(event: AuditEvent, tokenNames: ReadonlyMap<string, string>) {
  return {
    time: event.createdAt,
    action: event.action,
    description: describeAuditEvent(event),
    actor: describeActor(event, tokenNames),
    actorType: event.actorType,
    actorId: event.actorId ?? null,
    tokenId: event.tokenId ?? null,
    tokenName: event.tokenName ?? null,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
    changes:
      event.changes?.map(({ field, before, after }) => ({ field, before: before ?? null, after: after ?? null })) ??
      null,
    rotationOverlap: event.rotationOverlap ?? null,
    refusedCount: event.refusedCount ?? null,
  };
}

const csvColumns = [
  'time',
  'action',
  'description',
  'actor',
  'actorType',
  'actorId',
  'tokenId',
  'tokenName',
  'ip',
  'userAgent',
  'changes',
  'rotationOverlap',
  'refusedCount',
] as const;

function changesText(changes: { field: string; before: string | null; after: string | null }[] | null): string {
  return (changes ?? [])
    .map((change) => `${change.field}: ${change.before ?? '(none)'} → ${change.after ?? '(none)'}`)
    .join('; ');
}

export function auditLogCsv(log: AuditExport): string {
  const rows = log.events.map((event) => {
    const exported = exportedEvent(event, log.tokenNames);
    return csvColumns.map((column) => (column === 'changes' ? changesText(exported.changes) : exported[column]));
  });
  return toCsv([...csvColumns], rows);
}

export function auditLogJson(log: AuditExport): string {
  const document = {
    exportedAt: log.exportedAt.toISOString(),
    filters: { action: log.filters.action, tokenId: log.filters.tokenId },
    truncated: log.truncated,
    events: log.events.map((event) => exportedEvent(event, log.tokenNames)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `latchkey-audit-log-2026-01-15.csv`, by the day of the export. */
export function exportFileName(exportedAt: Date, extension: 'csv' | 'json'): string {
  return `latchkey-audit-log-${exportedAt.toISOString().slice(0, 10)}.${extension}`;
}
