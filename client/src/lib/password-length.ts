import { passwordLength } from '@latchkey/rules';

export { passwordLength };

/** Shown under every new-password field. */
export const passwordLengthHint = `At least ${passwordLength.min} characters.`;

/** Lengths are counted in UTF-16 units, as the API's validation counts them. */
export function passwordLengthError(password: string): string | undefined {
  if (password.length < passwordLength.min) return `Use at least ${passwordLength.min} characters.`;
  if (password.length > passwordLength.max) return `Use at most ${passwordLength.max} characters.`;
  return undefined;
}
