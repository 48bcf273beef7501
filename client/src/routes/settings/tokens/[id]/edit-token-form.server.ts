import { formText } from '$lib/server/form-actions';
import { oneOf, postedPermissions, restrictionValuesOf } from '../generate-token-form.server';
import { type ExpirationChoice, expirationOptions } from '../token-form';
import type { EditTokenValues } from './edit-token';

/** A posted edit form; `currentWindowSeconds` is the token's own rate-limit window. unknown menu values read as the defaults. */
export function editTokenValuesOf(form: FormData, currentWindowSeconds?: number): EditTokenValues {
  const expirations: (ExpirationChoice | 'KEEP')[] = [
    'KEEP',
    ...expirationOptions.map((option) => option.value),
    'CUSTOM',
  ];
  return {
    name: formText(form, 'name'),
    description: formText(form, 'description'),
    permissions: postedPermissions(form),
    expiration: oneOf(formText(form, 'expiration'), expirations, 'KEEP'),
    customDate: formText(form, 'expiresAt'),
    restrictions: restrictionValuesOf(form, currentWindowSeconds),
  };
}
