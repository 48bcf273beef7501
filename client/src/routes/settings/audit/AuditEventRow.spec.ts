import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import AuditEventRow from './AuditEventRow.svelte';
import { auditEvent } from './audit-event-fixtures';
import type { AuditEvent } from './audit-events';

function renderRow(event: AuditEvent, tokenNames = new Map<string, string>()) {
  const table = document.body.appendChild(document.createElement('table'));
  const target = table.appendChild(document.createElement('tbody'));
  render(AuditEventRow, { target, props: { event, tokenNames } });
  return screen.getByRole('row');
}

describe('AuditEventRow', () => {
  it('shows when, what, who, from where and with what', () => {
    const row = renderRow(auditEvent());
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Token “ci” revoked');
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent?.trim()),
    ).toEqual([
      expect.stringMatching(/^Jan 15, 2026/),
      'Browser session',
      '203.0.113.7',
      'Mozilla/5.0 (X11; Linux x86_64)',
    ]);
  });

  it('marks up the time for machines and gives the full timestamp on hover', () => {
    const row = renderRow(auditEvent());
    const time = row.querySelector('time');
    expect(time).toHaveAttribute('datetime', '2026-01-15T12:00:00.000Z');
    expect(time?.getAttribute('title')).toMatch(/Thursday, January 15, 2026 at \d{1,2}:00:00/);
  });

  it('lists what an edit changed, before and after', () => {
    const row = renderRow(
      auditEvent({ action: 'TOKEN_UPDATED', changes: [{ field: 'description', before: null, after: 'builds' }] }),
    );
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Token “ci” edited: description');
    expect(within(row).getByRole('listitem')).toHaveTextContent('description: none → changed to builds');
  });

  it('shortens a long user agent and shows all of it when expanded', async () => {
    const userAgent =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
    const row = renderRow(auditEvent({ userAgent }));
    const summary = row.querySelector('summary');
    expect(summary).toHaveTextContent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.…');
    expect(summary).toHaveAttribute('title', userAgent);
    await fireEvent.click(summary as HTMLElement);
    expect(row.querySelector('details')).toHaveAttribute('open');
    expect(within(row).getByText(userAgent)).toBeVisible();
  });

  it('says when the address and user agent are unknown', () => {
    const row = renderRow(auditEvent({ action: 'SIGNED_IN', ip: null, userAgent: null }));
    expect(
      within(row)
        .getAllByRole('cell')
        .slice(2)
        .map((cell) => cell.textContent?.trim()),
    ).toEqual(['Unknown', 'Unknown']);
  });
});
