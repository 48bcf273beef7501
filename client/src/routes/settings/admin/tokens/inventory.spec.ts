import { describe, expect, it } from 'vitest';
import {
  countHeading,
  NOTHING_SELECTED,
  orderOfSort,
  revocationInput,
  revocationMessageProblem,
  revocationRefusal,
  revokedText,
  searchParamsOfView,
  selectionIsEmpty,
  selectionText,
  toggleLoaded,
  toggleToken,
  viewFromSearchParams,
} from './inventory';

const view = (query: string) => viewFromSearchParams(new URLSearchParams(query));

describe('the view in the URL', () => {
  it('reads every filter and the sort from the query', () => {
    expect(
      view(
        'owner=ann@example.com&permission=tokens:read&service=reports&address=203.0.113.7&status=active' +
          '&expiring=7&unused=90&used=never&sort=used-asc',
      ),
    ).toEqual({
      filter: {
        ownerEmail: 'ann@example.com',
        permission: 'tokens:read',
        service: 'reports',
        createdFromAddress: '203.0.113.7',
        status: 'ACTIVE',
        expiringWithinDays: 7,
        unusedForDays: 90,
        neverUsed: true,
      },
      sort: 'used-asc',
    });
  });

  it('leaves out what makes no sense instead of failing the page', () => {
    expect(view('owner=%20%20&status=lost&expiring=0&unused=abc&used=sometimes&sort=random')).toEqual({
      filter: {},
      sort: 'created-desc',
    });
    expect(view('used=ever').filter).toEqual({ neverUsed: false });
  });

  it('writes a view back as the same query, without the defaults', () => {
    const query = 'owner=ann%40example.com&status=pending&unused=30&used=ever&sort=expires-asc';
    expect(searchParamsOfView(view(query)).toString()).toBe(query);
    expect(searchParamsOfView(view('sort=created-desc')).toString()).toBe('');
  });

  it('turns a sort choice into the API’s order', () => {
    expect(orderOfSort('created-desc')).toEqual({ field: 'CREATED_AT', direction: 'DESC' });
    expect(orderOfSort('expires-asc')).toEqual({ field: 'EXPIRES_AT', direction: 'ASC' });
    expect(orderOfSort('used-desc')).toEqual({ field: 'LAST_USED_AT', direction: 'DESC' });
  });
});

describe('selecting tokens', () => {
  const count = { totalCount: 1234, totalCountIsLowerBound: false };

  it('adds and removes single tokens', () => {
    let selection = toggleToken(NOTHING_SELECTED, 'a', true);
    selection = toggleToken(selection, 'b', true);
    expect(selectionText(selection, count)).toBe('2 tokens selected');
    selection = toggleToken(selection, 'a', false);
    expect(selectionText(selection, count)).toBe('1 token selected');
    expect(selectionIsEmpty(toggleToken(selection, 'b', false))).toBe(true);
  });

  it('selects every loaded token, and clears them all', () => {
    const selection = toggleLoaded(toggleToken(NOTHING_SELECTED, 'z', true), ['a', 'b'], true);
    expect(selection).toEqual({ kind: 'tokens', ids: new Set(['z', 'a', 'b']) });
    expect(selectionIsEmpty(toggleLoaded(selection, ['a', 'b'], false))).toBe(true);
  });

  it('says how many an "all matching" selection holds, and when the count is a lower bound', () => {
    const matching = { kind: 'matching' as const, filter: { status: 'ACTIVE' as const } };
    expect(selectionText(matching, count)).toBe('All 1,234 tokens matching this filter selected');
    expect(selectionText(matching, { totalCount: 10_000, totalCountIsLowerBound: true })).toBe(
      'All 10,000+ tokens matching this filter selected',
    );
    expect(selectionText(matching, { totalCount: 1, totalCountIsLowerBound: false })).toBe(
      'The 1 token matching this filter selected',
    );
  });

  it('unchecking one token of an "all matching" selection keeps only that one out of nothing', () => {
    const matching = { kind: 'matching' as const, filter: {} };
    expect(toggleToken(matching, 'a', false)).toEqual({ kind: 'tokens', ids: new Set() });
  });
});

describe('revoking the selection', () => {
  it('sends ids, or the filter itself for every matching token, with the trimmed message', () => {
    expect(revocationInput(toggleToken(NOTHING_SELECTED, 'VG9rZW46MQ==', true), '  Leaked in CI.  ')).toEqual({
      tokenIds: ['VG9rZW46MQ=='],
      message: 'Leaked in CI.',
    });
    expect(revocationInput({ kind: 'matching', filter: { neverUsed: true } }, 'Unused tokens.')).toEqual({
      filter: { neverUsed: true },
      message: 'Unused tokens.',
    });
  });

  it('asks for a message the owners can read', () => {
    expect(revocationMessageProblem('   ')).toBe('Write a message to the owners: they read it with the revocation.');
    expect(revocationMessageProblem('x'.repeat(501))).toBe('The message is at most 500 characters.');
    expect(revocationMessageProblem('Rotating every deploy key.')).toBeUndefined();
  });

  it('puts a message problem beside the field and anything else above the buttons', () => {
    expect(revocationRefusal({ __typename: 'RevokeTokensAsAdministratorSuccess', revokedCount: 3 })).toBeNull();
    expect(
      revocationRefusal({
        __typename: 'ValidationError',
        message: 'The message to the owners is 1 to 500 characters.',
        fieldErrors: [{ path: ['input', 'message'], message: 'The message to the owners is 1 to 500 characters.' }],
      }),
    ).toEqual({ message: 'The message to the owners is 1 to 500 characters.' });
    expect(
      revocationRefusal({
        __typename: 'ValidationError',
        message: 'bad filter',
        fieldErrors: [{ path: ['input', 'filter', 'unusedForDays'], message: 'Between 1 and 3650 days.' }],
      }),
    ).toEqual({ form: 'Between 1 and 3650 days.' });
    expect(revocationRefusal(undefined)).toEqual({
      form: 'The tokens could not be revoked. Check your connection and try again.',
    });
  });

  it('says how many were revoked', () => {
    expect(revokedText(1)).toBe('1 token revoked; each owner is told, with your message.');
    expect(revokedText(0)).toBe('No token was revoked: the selected ones were already revoked or expired.');
  });
});

describe('countHeading', () => {
  it('counts the tokens, saying "match" under a filter and "+" past the count’s limit', () => {
    expect(countHeading({ totalCount: 1, totalCountIsLowerBound: false }, true)).toBe('1 token matches');
    expect(countHeading({ totalCount: 12, totalCountIsLowerBound: false }, true)).toBe('12 tokens match');
    expect(countHeading({ totalCount: 1000, totalCountIsLowerBound: true }, false)).toBe('1,000+ tokens');
  });
});
