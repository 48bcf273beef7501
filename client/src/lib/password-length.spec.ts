import { passwordLength } from '@latchkey/rules';
import { describe, expect, it } from 'vitest';
import { passwordLengthError, passwordLengthHint } from './password-length';

describe('passwordLengthError', () => {
  it("explains the API's limits before anything is sent", () => {
    expect(passwordLengthError('x'.repeat(passwordLength.min - 1))).toBe(
      `Use at least ${passwordLength.min} characters.`,
    );
    expect(passwordLengthError('x'.repeat(passwordLength.min))).toBeUndefined();
    expect(passwordLengthError('x'.repeat(passwordLength.max))).toBeUndefined();
    expect(passwordLengthError('x'.repeat(passwordLength.max + 1))).toBe(
      `Use at most ${passwordLength.max} characters.`,
    );
    expect(passwordLengthHint).toBe(`At least ${passwordLength.min} characters.`);
  });
});
