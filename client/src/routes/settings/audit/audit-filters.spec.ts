import { describe, expect, it } from 'vitest';
import { auditLogPathForToken, filtersFromQuery, urlWithFilters } from './audit-filters';

describe('audit log filters in the URL', () => {
  it('reads an action, in any case, and a token id', () => {
    expect(filtersFromQuery(new URLSearchParams('action=token_revoked&token=abc'))).toEqual({
      action: 'TOKEN_REVOKED',
      tokenId: 'abc',
    });
    expect(filtersFromQuery(new URLSearchParams('action=SIGNED_IN')).action).toBe('SIGNED_IN');
  });

  it('reads an unknown action or an empty token as no filter', () => {
    expect(filtersFromQuery(new URLSearchParams('action=token_stolen&token='))).toEqual({
      action: null,
      tokenId: null,
    });
  });

  it('writes the filters into the query string, keeping other parameters, and removes cleared ones', () => {
    const url = new URL('http://localhost/settings/audit?token=abc&other=1');
    expect(urlWithFilters(url, { action: 'TOKEN_REVOKED', tokenId: 'def' }).search).toBe(
      '?token=def&other=1&action=token_revoked',
    );
    expect(urlWithFilters(url, { action: null, tokenId: null }).search).toBe('?other=1');
  });

  it('round-trips through the URL', () => {
    const filters = { action: 'PASSWORD_CHANGED' as const, tokenId: 'UGVyc29uYWxBY2Nlc3NUb2tlbjox' };
    const url = urlWithFilters(new URL('http://localhost/settings/audit'), filters);
    expect(filtersFromQuery(url.searchParams)).toEqual(filters);
  });

  it('links to one token’s events', () => {
    expect(auditLogPathForToken('UGVyc29uYWxBY2Nlc3NUb2tlbjox')).toBe(
      '/settings/audit?token=UGVyc29uYWxBY2Nlc3NUb2tlbjox',
    );
  });
});
