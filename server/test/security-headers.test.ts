import { securityHeaders } from '@latchkey/rules';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './support/app.js';

const sharedHeadersOf = (response: { headers: Headers }) =>
  Object.fromEntries(Object.keys(securityHeaders).map((name) => [name, response.headers.get(name)]));

describe('API responses', () => {
  it('carry the security headers the settings UI sends too (@latchkey/rules)', async () => {
    const app = createTestApp();

    expect(sharedHeadersOf(await app.request('{ __typename }'))).toEqual(securityHeaders);
  });

  it('carry them when the request is refused', async () => {
    const app = createTestApp();
    const refused = await app.request('{ viewer { id } }', {}, { token: 'not-a-token' });

    expect(refused.status).toBe(401);
    expect(sharedHeadersOf(refused)).toEqual(securityHeaders);
  });
});
