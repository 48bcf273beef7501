import { tokenDescriptionProblem, tokenNameProblem } from '@latchkey/rules';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { customExpiryProblem, type ExpiryChoice, TokenExpiration } from './expiration.js';

export const tokenNameSchema = z
  .string()
  .trim()
  .superRefine((name, context) => {
    const problem = tokenNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** A description as stored: trimmed, and null when empty. */
const tokenDescriptionSchema = z
  .string()
  .nullish()
  .transform((description) => description?.trim() || null)
  .superRefine((description, context) => {
    const problem = description === null ? null : tokenDescriptionProblem(description);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

const catalogued = z.string().refine((name) => operatorCatalogue().permission(name) !== undefined, {
  error: (issue) => `${String(issue.input).slice(0, 100)} is not a permission of this server's catalogue.`,
});

const expiryFields = {
  expiration: z.enum(Object.values(TokenExpiration)).nullish(),
  expiresAt: z.date().nullish(),
};

const EXACTLY_ONE_EXPIRY = 'Choose either a preset `expiration` or a custom `expiresAt`, not both.';

/** The expiry asked for, checked against the custom-date rules at `now`; undefined when none was asked for. */
function expiryChoice(
  fields: { expiration?: TokenExpiration | null; expiresAt?: Date | null },
  now: Date,
  context: z.RefinementCtx,
): ExpiryChoice | undefined {
  const { expiration, expiresAt } = fields;
  if (expiration && expiresAt) {
    context.addIssue({ code: 'custom', message: EXACTLY_ONE_EXPIRY, path: ['expiresAt'] });
    return undefined;
  }
  if (expiration) return { expiration };
  if (!expiresAt) return undefined;
  const problem = customExpiryProblem(expiresAt, now);
  if (problem) context.addIssue({ code: 'custom', message: problem, path: ['expiresAt'] });
  return { expiresAt };
}

export function generateTokenInputSchema(now: Date) {
  return z
    .object({
      name: tokenNameSchema,
      description: tokenDescriptionSchema,
      ...expiryFields,
      permissions: z.array(catalogued).min(1, 'Choose at least one permission.'),
    })
    .transform(({ expiration, expiresAt, ...rest }, context) => {
      const expiry = expiryChoice({ expiration, expiresAt }, now, context);
      if (!expiry && !(expiration && expiresAt)) {
        context.addIssue({ code: 'custom', message: 'Choose how long the token lives.', path: ['expiration'] });
      }
      return { ...rest, expiry: expiry ?? { expiration: TokenExpiration.DAYS_30 } };
    });
}

export function parseGenerateTokenInput(input: unknown, now: Date) {
  const result = generateTokenInputSchema(now).safeParse(input);
  if (!result.success) throw ValidationError.fromIssues(result.error.issues, ['input']);
  return result.data;
}

/** An edit: each field left out (or null) stays as it is; an empty description removes it. */
export function updateTokenInputSchema(now: Date) {
  return z
    .object({
      name: tokenNameSchema.nullish(),
      description: z.string().nullish(),
      ...expiryFields,
      // Not checked against the catalogue: a token may keep a name the catalogue has since dropped.
      permissions: z.array(z.string()).min(1, 'A token keeps at least one permission: revoke it instead.').nullish(),
    })
    .transform(({ expiration, expiresAt, name, description, permissions }, context) => {
      const edit: TokenEdit = {};
      if (name) edit.name = name;
      if (description !== undefined && description !== null) {
        const stored = tokenDescriptionSchema.safeParse(description);
        if (stored.success) edit.description = stored.data;
        else for (const issue of stored.error.issues) context.addIssue({ ...issue, path: ['description'] });
      }
      if (permissions) edit.permissions = permissions;
      const expiry = expiryChoice({ expiration, expiresAt }, now, context);
      if (expiry) edit.expiry = expiry;
      return edit;
    });
}

/** What an edit changes; a field left out stays as it is. */
export interface TokenEdit {
  name?: string;
  /** Null removes the description. */
  description?: string | null;
  permissions?: string[];
  expiry?: ExpiryChoice;
}

export function parseUpdateTokenInput(input: unknown, now: Date): TokenEdit {
  const result = updateTokenInputSchema(now).safeParse(input);
  if (!result.success) throw ValidationError.fromIssues(result.error.issues, ['input']);
  return result.data;
}
