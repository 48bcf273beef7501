import { describe, expect, it } from 'vitest';
import { refusalResponse } from '../src/refusals.js';

const json = { 'content-type': 'application/json', 'cache-control': 'no-store' };

describe('the HTTP answer to a refusal', () => {
  it('answers a token over its rate limit or quota with 429 and how long to wait', () => {
    expect(refusalResponse({ ok: false, error: 'rate_limited', retryAfterSeconds: 42 }, 'reports:read')).toEqual({
      status: 429,
      headers: { ...json, 'retry-after': '42' },
      body: '{"error":"rate_limited"}',
    });
  });

  it("answers the other refusals with RFC 6750's challenges, or 503 to try again in a second", () => {
    expect(refusalResponse({ ok: false, error: 'invalid_token' }, 'reports:read')).toEqual({
      status: 401,
      headers: { ...json, 'www-authenticate': 'Bearer error="invalid_token"' },
      body: '{"error":"invalid_token"}',
    });
    expect(refusalResponse({ ok: false, error: 'insufficient_scope' }, 'reports:write')).toEqual({
      status: 403,
      headers: { ...json, 'www-authenticate': 'Bearer error="insufficient_scope", scope="reports:write"' },
      body: '{"error":"insufficient_scope"}',
    });
    expect(refusalResponse({ ok: false, error: 'unavailable' }, undefined)).toEqual({
      status: 503,
      headers: { ...json, 'retry-after': '1' },
      body: '{"error":"unavailable"}',
    });
  });
});
