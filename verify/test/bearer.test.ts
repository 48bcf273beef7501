import { describe, expect, it } from 'vitest';
import { wellFormedSecret } from '../src/bearer.js';
import { wellFormedToken } from './support/secrets.js';

describe('reading the token', () => {
  const secret = wellFormedToken();

  it('takes the secret from a Bearer header in any case, or a bare secret', () => {
    expect(wellFormedSecret(`Bearer ${secret}`)).toBe(secret);
    expect(wellFormedSecret(`bearer  ${secret} `)).toBe(secret);
    expect(wellFormedSecret(`BEARER ${secret}`)).toBe(secret);
    expect(wellFormedSecret(secret)).toBe(secret);
  });

  it('refuses other schemes, missing values and anything not shaped like a token', () => {
    for (const value of [
      undefined,
      null,
      '',
      'Bearer',
      `Basic ${secret}`,
      `Bearer ${secret} extra`,
      `Bearer lkpat_${'a'.repeat(38)}`,
      `Bearer ${secret.replace('lkpat_', 'lksvc_')}`,
      `${secret}a`,
    ]) {
      expect(wellFormedSecret(value), String(value)).toBeNull();
    }
  });

  it('refuses a token with any one character changed, by its checksum', () => {
    for (let position = 6; position < secret.length; position++) {
      const replacement = secret[position] === 'a' ? 'b' : 'a';
      expect(wellFormedSecret(secret.slice(0, position) + replacement + secret.slice(position + 1))).toBeNull();
    }
  });
});
