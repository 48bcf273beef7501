import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import SettingsLayout from './+layout.svelte';
import type { LayoutData } from './$types';

const location = vi.hoisted(() => ({ url: new URL('http://localhost/settings/tokens') }));
vi.mock('$app/state', () => ({ page: location }));

function renderAt(pathname: string) {
  location.url = new URL(pathname, 'http://localhost');
  render(SettingsLayout, {
    data: { viewer: { email: 'ada@example.com' } } as LayoutData,
    children: createRawSnippet(() => ({ render: () => '<p>content</p>' })),
  });
}

const current = () =>
  Array.from(screen.getByRole('navigation', { name: 'Settings' }).querySelectorAll('[aria-current="page"]'), (link) =>
    link.textContent?.trim(),
  );

describe('the settings navigation', () => {
  beforeEach(() => {
    location.url = new URL('http://localhost/settings/tokens');
  });

  it('marks Tokens as the current page on the token list', () => {
    renderAt('/settings/tokens');
    expect(current()).toEqual(['Tokens']);
  });

  it('marks Tokens as the current page on a token’s own page', () => {
    renderAt('/settings/tokens/UGVyc29uYWxBY2Nlc3NUb2tlbjox');
    expect(current()).toEqual(['Tokens']);
  });

  it('marks Password, and only Password, on the password page', () => {
    renderAt('/settings/password');
    expect(current()).toEqual(['Password']);
  });

  it('marks Audit log on the audit log page, filtered or not', () => {
    renderAt('/settings/audit?action=token_revoked');
    expect(current()).toEqual(['Audit log']);
  });

  it('marks Notifications, and only Notifications, on the notifications page', () => {
    renderAt('/settings/notifications');
    expect(current()).toEqual(['Notifications']);
  });

  it('marks nothing for a page that merely starts with the same letters', () => {
    renderAt('/settings/tokens-archive');
    expect(current()).toEqual([]);
  });
});
