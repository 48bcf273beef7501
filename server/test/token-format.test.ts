import { describe, expect, it } from 'vitest';
import { generateTokenSecret, isWellFormedToken, TOKEN_LENGTH, tokenDigest, tokenHint } from '../src/tokens/format.js';

describe('token format', () => {
  it('is lkpat_ followed by 32 random and 6 checksum base62 characters, 44 in all', () => {
    const secret = generateTokenSecret();
    expect(TOKEN_LENGTH).toBe(44);
    expect(secret).toHaveLength(44);
    expect(secret).toMatch(/^lkpat_[0-9A-Za-z]{38}$/);
  });

  it('accepts the tokens it generates and never repeats one', () => {
    const secrets = Array.from({ length: 2000 }, generateTokenSecret);
    expect(secrets.every(isWellFormedToken)).toBe(true);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('rejects a token with any single character changed', () => {
    const secret = generateTokenSecret();
    for (let position = 6; position < secret.length; position++) {
      const original = secret[position] as string;
      const replacement = original === 'a' ? 'b' : 'a';
      const altered = secret.slice(0, position) + replacement + secret.slice(position + 1);
      expect(isWellFormedToken(altered), `changed at ${position}`).toBe(false);
    }
  });

  it('rejects wrong prefixes, lengths and alphabets', () => {
    const secret = generateTokenSecret();
    for (const candidate of [
      '',
      secret.slice(0, -1),
      `${secret}a`,
      secret.replace('lkpat_', 'ghp___'),
      secret.replace(/.$/, '-'),
      ` ${secret}`,
    ]) {
      expect(isWellFormedToken(candidate), candidate).toBe(false);
    }
  });

  it('draws every base62 character about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      for (const character of generateTokenSecret().slice(6, 38))
        counts.set(character, (counts.get(character) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = (3000 * 32) / 62;
    for (const count of counts.values()) {
      // Modulo bias on bytes would give the first 8 characters about 5/4 of the others' share.
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.12);
    }
  });

  it('stores a SHA-256 digest and shows a hint of the prefix and last four characters', () => {
    const secret = generateTokenSecret();
    expect(tokenDigest(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest(secret)).not.toContain(secret.slice(6));
    expect(tokenHint(secret)).toBe(`lkpat_…${secret.slice(-4)}`);
  });
});
