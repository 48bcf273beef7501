/** The changes a token's row and page offer that ask first, with or without JavaScript. */
export type ConfirmedTokenAction = 'revoke' | 'restore' | 'delete';

export const confirmedTokenActions: readonly ConfirmedTokenAction[] = ['revoke', 'restore', 'delete'];

/** What the page says once each change is made, and when it could not be. */
export const tokenActionTexts: Record<
  ConfirmedTokenAction,
  { title: string; confirmLabel: string; busyLabel: string; done: (name: string) => string; failed: string }
> = {
  revoke: {
    title: 'Revoke token?',
    confirmLabel: 'Revoke',
    busyLabel: 'Revoking…',
    done: (name) => `Token “${name}” revoked.`,
    failed: 'The token could not be revoked. Check your connection and try again.',
  },
  restore: {
    title: 'Restore token?',
    confirmLabel: 'Restore',
    busyLabel: 'Restoring…',
    done: (name) => `Token “${name}” restored.`,
    failed: 'The token could not be restored. Check your connection and try again.',
  },
  delete: {
    title: 'Delete token permanently?',
    confirmLabel: 'Delete',
    busyLabel: 'Deleting…',
    done: (name) => `Token “${name}” deleted.`,
    failed: 'The token could not be deleted. Check your connection and try again.',
  },
};

/** `?confirm=revoke&token=<id>`: the question a browser without JavaScript asks as a page of its own. */
export function confirmationOf(query: URLSearchParams): ConfirmedTokenAction | null {
  const action = query.get('confirm');
  return confirmedTokenActions.find((known) => known === action) ?? null;
}
