import { describe, expect, it } from 'vitest';
import { EachUseTokens } from '../src/each-use-tokens.js';

describe('the memory of tokens verified on every use', () => {
  it('forgets every digest of a changed token at once, and nothing else', () => {
    const tokens = new EachUseTokens(100);
    tokens.remember('first', 'a');
    tokens.remember('second', 'a');
    tokens.remember('other', 'b');
    tokens.forget('a');
    expect([tokens.has('first'), tokens.has('second'), tokens.has('other')]).toEqual([false, false, true]);
  });

  it('holds at most its maximum entries, dropping the least recently used', () => {
    const tokens = new EachUseTokens(100);
    for (let i = 0; i < 150; i++) tokens.remember(`digest ${i}`, `token ${i}`);
    expect(tokens.size).toBe(100);
    expect(tokens.has('digest 0')).toBe(false);
    tokens.forget('token 149');
    expect(tokens.size).toBe(99);
  });
});
