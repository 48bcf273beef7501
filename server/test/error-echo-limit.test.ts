import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGE_MAX_LENGTH } from '../src/http/error-echo-limit.js';
import { createTestApp } from './support/app.js';

const huge = 'A'.repeat(512 * 1024);

describe('errors that quote the input', () => {
  it('echo at most a few hundred characters of it', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const answers = [
      await app.request('query ($id: ID!) { node(id: $id) { id } }', { id: huge }, { cookie: person.cookie }),
      await app.request(
        'query ($status: TokenStatus) { viewer { tokens(status: $status) { totalCount } } }',
        { status: huge },
        { cookie: person.cookie },
      ),
    ];
    for (const answer of answers) {
      expect(answer.text.length).toBeLessThan(2 * ERROR_MESSAGE_MAX_LENGTH + 500);
      const [error] = answer.body.errors;
      expect(error.message).toMatch(/AAAA…$/);
      expect(error.message).toHaveLength(ERROR_MESSAGE_MAX_LENGTH + 1);
    }
    expect(answers[0]?.body.errors[0].message).toMatch(/^Invalid global ID: AAA/);
  });
});
