import { formText } from '$lib/server/form-actions';
import { defaultExpiration, type GenerateTokenFields } from './generate-token-fields';
import { type ExpirationChoice, expirationOptions } from './token-form';
import {
  initialRestrictionValues,
  type RefillChoice,
  type RestrictionValues,
  rateLimitWindowOptions,
  refillOptions,
} from './token-restrictions';

export function oneOf<Value extends string>(value: string, allowed: readonly Value[], fallback: Value): Value {
  return (allowed as readonly string[]).includes(value) ? (value as Value) : fallback;
}

/** The expiry choices a posted form may hold: the presets and a custom date. */
export function postedExpiration(form: FormData): ExpirationChoice {
  const expirations: ExpirationChoice[] = [...expirationOptions.map((option) => option.value), 'CUSTOM'];
  return oneOf(formText(form, 'expiration'), expirations, defaultExpiration);
}

export function postedPermissions(form: FormData): string[] {
  return form.getAll('permissions').filter((value): value is string => typeof value === 'string');
}

/** The restriction fields of a posted Generate or Edit form; `currentWindowSeconds` is the token's own window. */
export function restrictionValuesOf(form: FormData, currentWindowSeconds?: number): RestrictionValues {
  const defaults = initialRestrictionValues();
  return {
    allowedAddresses: formText(form, 'allowedAddresses'),
    rateLimitRequests: formText(form, 'rateLimitRequests'),
    rateLimitWindowSeconds: oneOf(
      formText(form, 'rateLimitWindowSeconds'),
      rateLimitWindowOptions(currentWindowSeconds).map((option) => option.value),
      defaults.rateLimitWindowSeconds,
    ),
    quotaUses: formText(form, 'quotaUses'),
    quotaRefill: oneOf<RefillChoice>(
      formText(form, 'quotaRefill'),
      refillOptions.map((option) => option.value),
      defaults.quotaRefill,
    ),
  };
}

/** A posted Generate form. Unknown menu values fall back to the defaults; the API judges the rest. */
export function generateTokenFieldsOf(form: FormData): GenerateTokenFields {
  return {
    name: formText(form, 'name'),
    description: formText(form, 'description'),
    expiration: postedExpiration(form),
    customDate: formText(form, 'expiresAt'),
    permissions: postedPermissions(form),
    restrictions: restrictionValuesOf(form),
  };
}
