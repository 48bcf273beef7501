import { expiryOfDate, tokenDescriptionProblem, tokenNameProblem } from '@latchkey/rules';
import { messagesByField } from '$lib/field-errors';
import type { TokenExpiration, UpdateTokenInput, UpdateTokenMutation } from '$lib/graphql/graphql';
import { customDateRange, type ExpirationChoice, expirationOptionsWithin, expiryFields } from '../token-form';
import {
  editRestrictionInput,
  initialRestrictionValues,
  type RestrictionField,
  type RestrictionValues,
  restrictionFields,
  type TokenRestrictions,
  validateRestrictions,
} from '../token-restrictions';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The token as the edit form starts from. */
export interface EditableToken extends TokenRestrictions {
  name: string;
  description: string | null;
  permissions: string[];
  expiresAt: string;
}

/** What the form holds: `KEEP` leaves the expiry as it is. */
export interface EditTokenValues {
  name: string;
  description: string;
  permissions: string[];
  expiration: ExpirationChoice | 'KEEP';
  customDate: string;
  restrictions: RestrictionValues;
}

export type EditTokenField = 'name' | 'description' | 'permissions' | 'expiration' | 'expiresAt' | RestrictionField;
export type EditTokenErrors = Partial<Record<EditTokenField | 'form', string>>;

/** The token's fields as the API shows them (its details), as the edit form starts from them. */
export function editableTokenOf(token: {
  name: string;
  description?: string | null;
  permissions: readonly { name: string }[];
  expiresAt: string;
  allowedAddresses: readonly string[];
  rateLimit?: TokenRestrictions['rateLimit'];
  quota?: TokenRestrictions['quota'];
}): EditableToken {
  return {
    name: token.name,
    description: token.description ?? null,
    permissions: token.permissions.map((permission) => permission.name),
    expiresAt: token.expiresAt,
    allowedAddresses: token.allowedAddresses,
    rateLimit: token.rateLimit
      ? { requests: token.rateLimit.requests, windowSeconds: token.rateLimit.windowSeconds }
      : null,
    quota: token.quota ? { uses: token.quota.uses, refill: token.quota.refill } : null,
  };
}

export function initialEditValues(token: EditableToken): EditTokenValues {
  return {
    name: token.name,
    description: token.description ?? '',
    permissions: [...token.permissions],
    expiration: 'KEEP',
    customDate: '',
    restrictions: initialRestrictionValues(token),
  };
}

/** The presets that would shorten the token's life from `now` within any maximum lifetime: an edit never extends it. */
export function shorterPresets(expiresAt: string, now: Date, maxLifetimeDays: number | null = null) {
  return expirationOptionsWithin(maxLifetimeDays).filter(
    (option) => now.getTime() + option.days * DAY_MS <= Date.parse(expiresAt),
  );
}

/** The dates a custom expiry may take in an edit: from tomorrow on, no later than the current expiry nor the limit. */
export function editDateRange(
  expiresAt: string,
  now: Date,
  maxLifetimeDays: number | null = null,
): { min: string; max: string } {
  const { min, max } = customDateRange(now, maxLifetimeDays);
  const current = new Date(Math.floor(Date.parse(expiresAt) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  // ISO dates sort as they fall.
  return { min, max: [current, max].sort()[0] ?? max };
}

export function validateEdit(
  values: EditTokenValues,
  token: EditableToken,
  now: Date,
  maxLifetimeDays: number | null = null,
): EditTokenErrors {
  const errors: EditTokenErrors = validateRestrictions(values.restrictions);
  const nameProblem = tokenNameProblem(values.name);
  if (nameProblem) errors.name = nameProblem;
  const descriptionProblem = tokenDescriptionProblem(values.description);
  if (descriptionProblem) errors.description = descriptionProblem;
  if (values.permissions.length === 0) errors.permissions = 'Keep at least one permission, or revoke the token.';
  if (values.expiration === 'CUSTOM') {
    const { min, max } = editDateRange(token.expiresAt, now, maxLifetimeDays);
    if (!expiryOfDate(values.customDate)) errors.expiresAt = 'Choose a date.';
    else if (values.customDate < min || values.customDate > max) {
      errors.expiresAt =
        min > max ? 'It expires too soon to shorten: revoke it instead.' : `Choose a date from ${min} to ${max}.`;
    }
  }
  return errors;
}

/** Only what changed, so an edit that changes nothing sends nothing to change. */
export function updateInputFrom(values: EditTokenValues, token: EditableToken): UpdateTokenInput {
  const input: UpdateTokenInput = {};
  const name = values.name.trim();
  if (name !== token.name) input.name = name;
  const description = values.description.trim();
  if (description !== (token.description ?? '')) input.description = description;
  const removed = token.permissions.some((permission) => !values.permissions.includes(permission));
  if (removed) input.permissions = token.permissions.filter((permission) => values.permissions.includes(permission));
  if (values.expiration !== 'KEEP') {
    const { expiration, expiresAt } = expiryFields(values.expiration, values.customDate);
    if (expiration) input.expiration = expiration as TokenExpiration;
    if (expiresAt) input.expiresAt = expiresAt;
  }
  return { ...input, ...editRestrictionInput(values.restrictions, token) };
}

export function hasChanges(input: UpdateTokenInput): boolean {
  return Object.keys(input).length > 0;
}

/** Where each refusal of `updateToken` is shown: beside its field, or above the form's buttons. */
export function editErrorsFromOutcome(outcome: UpdateTokenMutation['updateToken']): EditTokenErrors {
  switch (outcome.__typename) {
    case 'UpdateTokenSuccess':
      return {};
    case 'NameTakenError':
      return { name: outcome.message };
    case 'PermissionsNotAllowedError':
      return { permissions: outcome.message };
    case 'ExpiryTooLateError':
      return { expiration: outcome.message };
    case 'ValidationError': {
      const errors = messagesByField(outcome.fieldErrors, [
        'name',
        'description',
        'permissions',
        'expiration',
        'expiresAt',
        ...restrictionFields,
      ]);
      return Object.keys(errors).length > 0 ? errors : { form: outcome.message };
    }
    default:
      return { form: outcome.message };
  }
}
