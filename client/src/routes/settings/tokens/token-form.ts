import {
  customExpiryDates,
  expiryOfDate,
  tokenDescriptionProblem,
  tokenLifetimeDays,
  tokenNameProblem,
} from '@latchkey/rules';
import { messagesByField } from '$lib/field-errors';
import type { GenerateTokenInput, GenerateTokenMutation, TokenExpiration } from '$lib/graphql/graphql';
import { type RestrictionField, restrictionFields } from './token-restrictions';

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

/** What the expiration menu holds: a preset, or a date of one's own. */
export type ExpirationChoice = TokenExpiration | 'CUSTOM';

/** The presets the operator's maximum lifetime (`policies.maxTokenLifetimeDays`, null when none) allows. */
export function expirationOptionsWithin(maxLifetimeDays: number | null | undefined) {
  return expirationOptions.filter((option) => maxLifetimeDays == null || option.days <= maxLifetimeDays);
}

/** The choice itself when the maximum lifetime allows it, else the longest preset it allows (or a custom date). */
export function allowedExpiration(
  choice: ExpirationChoice,
  maxLifetimeDays: number | null | undefined,
): ExpirationChoice {
  const allowed = expirationOptionsWithin(maxLifetimeDays);
  if (choice === 'CUSTOM' || allowed.some((option) => option.value === choice)) return choice;
  return allowed.at(-1)?.value ?? 'CUSTOM';
}

/** The form's values, shaped as `GenerateTokenInput`: a preset `expiration` or a custom `expiresAt`. */
export interface TokenFormValues {
  name: string;
  description: string;
  expiration: TokenExpiration | null;
  /** An ISO instant, when a custom date was chosen. */
  expiresAt: string | null;
  /** Names from the catalogue, such as `reports:read`. */
  permissions: string[];
  /** Restrictions, each only when set (token-restrictions.ts). */
  allowedAddresses?: GenerateTokenInput['allowedAddresses'];
  rateLimit?: GenerateTokenInput['rateLimit'];
  quota?: GenerateTokenInput['quota'];
}

/** The first and last dates a custom expiry may take, for a date input's `min` and `max`, within any maximum lifetime. */
export function customDateRange(now: Date, maxLifetimeDays: number | null = null): { min: string; max: string } {
  const { first, last } = customExpiryDates(now, maxLifetimeDays);
  return { min: first, max: last };
}

/** Why a custom date (`YYYY-MM-DD`) is refused at `now`, or null. */
export function customDateProblem(date: string, now: Date, maxLifetimeDays: number | null = null): string | null {
  const { min, max } = customDateRange(now, maxLifetimeDays);
  if (!expiryOfDate(date)) return 'Choose a date.';
  if (date < min || date > max) return `Choose a date from ${min} to ${max}.`;
  return null;
}

/** The expiry fields of `GenerateTokenInput` (or `UpdateTokenInput`) for a menu choice and a custom date. */
export function expiryFields(
  choice: ExpirationChoice,
  customDate: string,
): Pick<TokenFormValues, 'expiration' | 'expiresAt'> {
  if (choice !== 'CUSTOM') return { expiration: choice, expiresAt: null };
  return { expiration: null, expiresAt: expiryOfDate(customDate)?.toISOString() ?? null };
}

export function descriptionLength(description: string): number {
  return [...description.trim()].length;
}

export type TokenFormField = 'name' | 'description' | 'expiration' | 'expiresAt' | 'permissions' | RestrictionField;
export type TokenFormErrors = Partial<Record<TokenFormField | 'form', string>>;

/** Counts characters as the API does (code points), so an emoji is one character, not two. */
export function nameLength(name: string): number {
  return [...name.trim()].length;
}

export function validateTokenForm(values: TokenFormValues): TokenFormErrors {
  const errors: TokenFormErrors = {};
  const nameProblem = tokenNameProblem(values.name);
  if (nameProblem) errors.name = nameProblem;
  const descriptionProblem = tokenDescriptionProblem(values.description);
  if (descriptionProblem) errors.description = descriptionProblem;
  if (values.expiration === null && values.expiresAt === null) errors.expiresAt = 'Choose a date.';
  else if (values.expiration !== null && !expirationOptions.some((option) => option.value === values.expiration))
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

export const generateFailedMessage = 'Generating the token failed. Check your connection and try again.';

/** Where each refusal of `generateToken` is shown: beside its field, or above the form's buttons. */
export function errorsFromOutcome(outcome: GenerateTokenOutcome): TokenFormErrors {
  switch (outcome.__typename) {
    case 'NameTakenError':
      return { name: outcome.message };
    case 'ValidationError': {
      const errors = messagesByField(outcome.fieldErrors, [
        'name',
        'description',
        'expiration',
        'expiresAt',
        'permissions',
        ...restrictionFields,
      ]);
      return hasErrors(errors) ? errors : { form: outcome.message };
    }
    case 'ExpiryTooLateError':
      return { expiration: outcome.message };
    case 'GenerateTokenSuccess':
      return {};
    default:
      // TokenLimitError, and ReauthenticationRequiredError when the password was not confirmed.
      return { form: outcome.message };
  }
}
