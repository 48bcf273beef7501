import { tokenLifetimeDays, tokenNameProblem } from '@latchkey/rules';
import { messagesByField } from '$lib/field-errors';
import type { GenerateTokenMutation, TokenExpiration } from '$lib/graphql/graphql';

// Typed against the API's enum, so a lifetime the API offers and the rules lack fails type-checking.
const lifetimes: Record<TokenExpiration, number> = tokenLifetimeDays;

/** "30 days", "1 year" */
export function lifetimeLabel(days: number): string {
  if (days % 365 !== 0) return `${days} days`;
  const years = days / 365;
  return `${years} ${years === 1 ? 'year' : 'years'}`;
}

export const expirationOptions = (Object.entries(lifetimes) as [TokenExpiration, number][]).map(([value, days]) => ({
  value,
  days,
  label: lifetimeLabel(days),
}));

export interface TokenFormValues {
  name: string;
  expiration: TokenExpiration;
  /** Names from the catalogue, such as `reports:read`. */
  permissions: string[];
}

export type TokenFormField = 'name' | 'expiration' | 'permissions';
export type TokenFormErrors = Partial<Record<TokenFormField | 'form', string>>;

/** Counts characters as the API does (code points), so an emoji is one character, not two. */
export function nameLength(name: string): number {
  return [...name.trim()].length;
}

export function validateTokenForm(values: TokenFormValues): TokenFormErrors {
  const errors: TokenFormErrors = {};
  const nameProblem = tokenNameProblem(values.name);
  if (nameProblem) errors.name = nameProblem;
  if (!expirationOptions.some((option) => option.value === values.expiration))
    errors.expiration = 'Choose when it expires.';
  if (values.permissions.length === 0) errors.permissions = 'Choose at least one permission.';
  return errors;
}

export function hasErrors(errors: TokenFormErrors): boolean {
  return Object.values(errors).some(Boolean);
}

export function expiryDate(expiration: TokenExpiration, now: Date): Date {
  const days = expirationOptions.find((option) => option.value === expiration)?.days ?? 30;
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

type GenerateTokenOutcome = GenerateTokenMutation['generateToken'];

/** Where each refusal of `generateToken` is shown: beside its field, or above the form's buttons. */
export function errorsFromOutcome(outcome: GenerateTokenOutcome): TokenFormErrors {
  switch (outcome.__typename) {
    case 'NameTakenError':
      return { name: outcome.message };
    case 'ValidationError': {
      const errors = messagesByField(outcome.fieldErrors, ['name', 'expiration', 'permissions']);
      return hasErrors(errors) ? errors : { form: outcome.message };
    }
    case 'GenerateTokenSuccess':
      return {};
    default:
      // TokenLimitError, and ReauthenticationRequiredError when the password was not confirmed.
      return { form: outcome.message };
  }
}
