import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { base62Alphabet, secretChecksum } from '@latchkey/rules/secret-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { generateTokenSecret, isWellFormedToken } from '../src/tokens/format.js';

// Everything tested here is read from docs/secret-scanning.md itself, so the page and the tokens cannot drift.
const page = readFileSync(path.join(repositoryRoot, 'docs/secret-scanning.md'), 'utf8');

function documented(pattern: RegExp, what: string): string {
  const found = pattern.exec(page)?.[1];
  if (found === undefined) throw new Error(`docs/secret-scanning.md no longer shows ${what}`);
  return found;
}

/** The gitleaks rule's regex. Go's RE2 and JavaScript read it alike: `\b`, a class, a count. */
const gitleaksRule = new RegExp(documented(/^regex = '''(.+)'''$/m, 'the gitleaks regex'), 'g');

const githubField = (name: string) => documented(new RegExp(`^- \\*\\*${name}\\*\\*: \`([^\`]+)\``, 'm'), name);

/** GitHub's custom pattern as it applies its fields: before, the secret, after. `\A` and `\z` are JS's ^ and $. */
const githubPattern = new RegExp(
  `(?:${githubField('Before secret').replace('\\A', '^')})(${githubField('Secret format')})(?:${githubField('After secret').replace('\\z', '$')})`,
  'g',
);

function gitleaksFinds(text: string): string[] {
  return [...text.matchAll(gitleaksRule)].map((match) => match[0]);
}

function githubFinds(text: string): string[] {
  return [...text.matchAll(githubPattern)].map((match) => match[1] ?? '');
}

let isLatchkeyToken: (candidate: string) => boolean;
const checkerFile = path.join(tmpdir(), `latchkey-checksum-${randomUUID()}.mjs`);

beforeAll(async () => {
  writeFileSync(checkerFile, documented(/```js\n([\s\S]+?)```/, 'the checksum check'));
  ({ isLatchkeyToken } = await import(pathToFileURL(checkerFile).href));
});
afterAll(() => rmSync(checkerFile, { force: true }));

const randomBase62 = (length: number) => Array.from({ length }, () => base62Alphabet[randomInt(62)]).join('');

/** `lkpat_`, 32 random characters and 6 more that are anything but their checksum. */
function wrongChecksumToken(): string {
  const random = randomBase62(32);
  let checksum = randomBase62(6);
  while (checksum === secretChecksum(random)) checksum = randomBase62(6);
  return `lkpat_${random}${checksum}`;
}

const tokens = Array.from({ length: 1000 }, generateTokenSecret);

describe('the patterns in docs/secret-scanning.md', () => {
  it('find generated tokens wherever they are written, whole', () => {
    for (const token of tokens) {
      const text = [
        token,
        `LATCHKEY_TOKEN=${token}`,
        `Authorization: Bearer ${token}\n`,
        `{"token":"${token}"}`,
        `https://example.com/?token=${token}&page=2`,
        `'${token}',${token}`,
      ].join('\n');
      const expected = Array<string>(7).fill(token);
      expect(gitleaksFinds(text)).toEqual(expected);
      expect(githubFinds(text)).toEqual(expected);
    }
  });

  it('find nothing that is not a whole token of the right length', () => {
    const [token = ''] = tokens;
    for (const text of [
      `x${token}`,
      `_${token}`,
      `${token}x`,
      `${token}_`,
      token.slice(0, -1),
      `lkpak_${token.slice(6)}`,
      `LKPAT_${token.slice(6)}`,
      `${token.slice(0, 20)}-${token.slice(21)}`,
    ]) {
      expect(gitleaksFinds(text), text).toEqual([]);
      expect(githubFinds(text), text).toEqual([]);
    }
  });

  it('leave the checksum to the documented check, which accepts every generated token', () => {
    for (const token of tokens) expect(isLatchkeyToken(token)).toBe(true);
  });

  it('with the checksum check, match none of 10,000 random strings of the same shape with a wrong checksum', () => {
    const lookalikes = Array.from({ length: 10_000 }, wrongChecksumToken);
    // A regular expression cannot see a checksum: the shape alone matches them all...
    expect(lookalikes.filter((candidate) => gitleaksFinds(candidate).length === 1)).toHaveLength(10_000);
    expect(lookalikes.filter((candidate) => githubFinds(candidate).length === 1)).toHaveLength(10_000);
    // ...and the documented check refuses every one, as Latchkey does before any lookup.
    expect(lookalikes.filter(isLatchkeyToken)).toEqual([]);
    expect(lookalikes.filter(isWellFormedToken)).toEqual([]);
  });

  it('give GitHub a test string that matches the pattern and is no token', () => {
    const testString = githubField('Test string');
    expect(githubFinds(testString)).toEqual([testString]);
    expect(isLatchkeyToken(testString)).toBe(false);
  });
});
