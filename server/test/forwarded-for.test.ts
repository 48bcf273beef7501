import { describe, expect, it } from 'vitest';
import { servedOverHttps } from '../src/auth/cookies.js';
import { forwardedClientAddress } from '../src/http/request-origin.js';

describe('the client address behind trusted proxies', () => {
  it('is the entry as many places from the right of X-Forwarded-For as there are proxies', () => {
    const header = '203.0.113.7, 198.51.100.2, 10.0.0.3';
    expect(forwardedClientAddress(header, 1)).toBe('10.0.0.3');
    expect(forwardedClientAddress(header, 2)).toBe('198.51.100.2');
    expect(forwardedClientAddress(header, 3)).toBe('203.0.113.7');
    expect(forwardedClientAddress('2001:db8::1', 1)).toBe('2001:db8::1');
  });

  it('is not taken from the header without trusted proxies, with fewer entries than proxies, or from garbage', () => {
    expect(forwardedClientAddress('203.0.113.7', 0)).toBeNull();
    expect(forwardedClientAddress('203.0.113.7', 2)).toBeNull();
    expect(forwardedClientAddress(null, 1)).toBeNull();
    expect(forwardedClientAddress('203.0.113.7, unknown', 1)).toBeNull();
    expect(forwardedClientAddress('203.0.113.7,', 1)).toBeNull();
  });
});

describe('whether the site is served over https', () => {
  it('follows the public URL when there is one, whatever the request says', () => {
    expect(servedOverHttps('http://127.0.0.1:4000/graphql', 'https://tokens.example.com')).toBe(true);
    expect(servedOverHttps('https://tokens.example.com/graphql', 'http://tokens.example.com')).toBe(false);
    expect(servedOverHttps('https://tokens.example.com/graphql', null)).toBe(true);
    expect(servedOverHttps('http://10.0.0.5:4000/graphql', null)).toBe(false);
  });
});
