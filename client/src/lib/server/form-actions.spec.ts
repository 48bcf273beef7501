import { describe, expect, it } from 'vitest';
import { formText, statusOfRefusal } from './form-actions';

describe('formText', () => {
  it('reads a posted field, and a missing one or a file as empty', () => {
    const form = new FormData();
    form.set('email', 'ada@example.com');
    form.set('upload', new Blob(['x']));
    expect(formText(form, 'email')).toBe('ada@example.com');
    expect(formText(form, 'password')).toBe('');
    expect(formText(form, 'upload')).toBe('');
  });
});

describe('statusOfRefusal', () => {
  it("keeps the API's error status (rate limited, unreachable), else says the request was refused", () => {
    expect(statusOfRefusal({ data: null, errors: [], status: 429 })).toBe(429);
    expect(statusOfRefusal({ data: null, errors: [], status: 503 })).toBe(503);
    expect(statusOfRefusal({ data: {}, errors: [], status: 200 })).toBe(400);
  });
});
