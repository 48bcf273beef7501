import { describe, expect, it } from 'vitest';
import { documentLimits } from '../src/http/document-limits.js';
import { generateTokenSecret } from '../src/tokens/format.js';
import { createTestApp, DAY } from './support/app.js';

const aliases = Array.from({ length: documentLimits.aliases + 1 }, (_, index) => `a${index}: __typename`);
const documents = {
  valid: '{ viewer { id } }',
  'naming an unknown field': '{ viewer { idd } }',
  unparsable: '{ viewer { id }',
  'with a NUL character': '{ viewer { id } } # \u0000',
  'with too many aliases': `{ ${aliases.join(' ')} }`,
};

describe('a bad bearer token', () => {
  it('gets the identical 401 whatever the document', async () => {
    const app = createTestApp();
    const answers = [];
    for (const document of Object.values(documents)) {
      answers.push(await app.request(document, {}, { token: generateTokenSecret() }));
    }
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(answer.text).toBe(answers[0]?.text);
    }
    expect(answers[0]?.body.errors[0].extensions.code).toBe('INVALID_TOKEN');
  });

  it('is counted against the invalid-token limit whatever the document', async () => {
    const app = createTestApp({ rateLimits: { invalidTokensPerIp: Object.keys(documents).length - 1 } });
    // A window of its own: other tests in this file count bad tokens from the same (unknown) address.
    app.clock.advance(100 * DAY);
    const statuses = [];
    for (const document of Object.values(documents).reverse()) {
      statuses.push((await app.request(document, {}, { token: generateTokenSecret() })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});

describe('a valid bearer token', () => {
  it('is told what is wrong with its document, suggestions included', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { secret } = await app.generateToken({ cookie: person.cookie });
    const answer = await app.request(documents['naming an unknown field'], {}, { token: secret });
    expect(answer.body.errors[0].message).toContain('Did you mean "id"?');
  });
});
