import {
  customDateProblem,
  type ExpirationChoice,
  expiryFields,
  type TokenFormErrors,
  type TokenFormValues,
  validateTokenForm,
} from './token-form';
import {
  generateRestrictionInput,
  initialRestrictionValues,
  type RestrictionValues,
  validateRestrictions,
} from './token-restrictions';

/**
 * The Generate form's fields as typed: what the form holds while it is filled in, what a browser without
 * JavaScript posts (the names are the inputs' `name`s), and what the form shows again when the post was refused.
 */
export interface GenerateTokenFields {
  name: string;
  description: string;
  expiration: ExpirationChoice;
  /** `YYYY-MM-DD`, when `expiration` is CUSTOM. */
  customDate: string;
  permissions: string[];
  restrictions: RestrictionValues;
}

export const defaultExpiration: ExpirationChoice = 'DAYS_30';

export function emptyGenerateTokenFields(): GenerateTokenFields {
  return {
    name: '',
    description: '',
    expiration: defaultExpiration,
    customDate: '',
    permissions: [],
    restrictions: initialRestrictionValues(),
  };
}

/** What the form refuses before sending, in the browser and again on the server for a post without JavaScript. */
export function validateGenerateTokenFields(
  fields: GenerateTokenFields,
  now: Date,
  maxLifetimeDays: number | null = null,
): TokenFormErrors {
  const found = {
    ...validateTokenForm({
      name: fields.name,
      description: fields.description,
      ...expiryFields(fields.expiration, fields.customDate),
      permissions: fields.permissions,
    }),
    ...validateRestrictions(fields.restrictions),
  };
  const dateProblem =
    fields.expiration === 'CUSTOM' ? customDateProblem(fields.customDate, now, maxLifetimeDays) : null;
  return dateProblem ? { ...found, expiresAt: dateProblem } : found;
}

/** `GenerateTokenInput` for fields that passed validation: trimmed text, and only the restrictions that are set. */
export function generateTokenInputOf(fields: GenerateTokenFields): TokenFormValues {
  return {
    name: fields.name.trim(),
    description: fields.description.trim(),
    ...expiryFields(fields.expiration, fields.customDate),
    permissions: [...fields.permissions],
    ...generateRestrictionInput(fields.restrictions),
  };
}
