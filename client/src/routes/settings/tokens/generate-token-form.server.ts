import { formText } from '$lib/server/form-actions';
import { defaultExpiration, type GenerateTokenFields } from './generate-token-fields';
import { type ExpirationChoice, expirationOptions } from './token-form';
import {
  initialRestrictionValues,
  type RefillChoice,
  rateLimitWindowOptions,
  refillOptions,
} from './token-restrictions';

function oneOf<Value extends string>(value: string, allowed: readonly Value[], fallback: Value): Value {
  return (allowed as readonly string[]).includes(value) ? (value as Value) : fallback;
}

/** A posted Generate form. Unknown menu values fall back to the defaults; the API judges the rest. */
export function generateTokenFieldsOf(form: FormData): GenerateTokenFields {
  const defaults = initialRestrictionValues();
  const expirations: ExpirationChoice[] = [...expirationOptions.map((option) => option.value), 'CUSTOM'];
  return {
    name: formText(form, 'name'),
    description: formText(form, 'description'),
    expiration: oneOf(formText(form, 'expiration'), expirations, defaultExpiration),
    customDate: formText(form, 'expiresAt'),
    permissions: form.getAll('permissions').filter((value): value is string => typeof value === 'string'),
    restrictions: {
      allowedAddresses: formText(form, 'allowedAddresses'),
      rateLimitRequests: formText(form, 'rateLimitRequests'),
      rateLimitWindowSeconds: oneOf(
        formText(form, 'rateLimitWindowSeconds'),
        rateLimitWindowOptions().map((option) => option.value),
        defaults.rateLimitWindowSeconds,
      ),
      quotaUses: formText(form, 'quotaUses'),
      quotaRefill: oneOf<RefillChoice>(
        formText(form, 'quotaRefill'),
        refillOptions.map((option) => option.value),
        defaults.quotaRefill,
      ),
    },
  };
}
