import { tokenControlLimits, tokenDescriptionProblem, tokenNameProblem } from '@latchkey/rules';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { AddressAllowlist, normalizedAllowlistEntry } from './address-allowlist.js';
import type { Quota, RateLimit, TokenControls } from './controls.js';
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

const { maxAllowedAddresses, rateLimitRequests, rateLimitWindowSeconds, quotaUses } = tokenControlLimits;

/** An allowlist as given: each entry checked and normalised, duplicates dropped; empty means none. */
const allowedAddressesSchema = z
  .array(z.string())
  .max(maxAllowedAddresses, `At most ${maxAllowedAddresses} addresses or ranges.`)
  .transform((entries, context) => {
    const normalized = entries.map((entry, index) => {
      const stored = normalizedAllowlistEntry(entry);
      if (stored === null) {
        context.addIssue({
          code: 'custom',
          message: `${JSON.stringify(entry.slice(0, 100))} is not an IPv4 or IPv6 address or CIDR range.`,
          path: [index],
        });
      }
      return stored;
    });
    const unique = [...new Set(normalized.filter((entry) => entry !== null))];
    return unique.length > 0 ? new AddressAllowlist(unique) : null;
  });

const wholeNumberIn = ({ min, max }: { min: number; max: number }, what: string) =>
  z
    .number()
    .int(`${what} must be a whole number.`)
    .min(min, `${what} must be at least ${min}.`)
    .max(max, `${what} must be at most ${max.toLocaleString('en')}.`);

const rateLimitSchema: z.ZodType<RateLimit> = z.object({
  requests: wholeNumberIn(rateLimitRequests, 'Requests per window'),
  windowSeconds: wholeNumberIn(rateLimitWindowSeconds, 'The window'),
});

const quotaSchema = z
  .object({ uses: wholeNumberIn(quotaUses, 'The quota'), refill: z.enum(['DAY', 'WEEK', 'MONTH']).nullish() })
  .transform(({ uses, refill }): Quota => ({ uses, refill: refill ?? null }));

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
      allowedAddresses: allowedAddressesSchema.nullish(),
      rateLimit: rateLimitSchema.nullish(),
      quota: quotaSchema.nullish(),
    })
    .transform(({ expiration, expiresAt, allowedAddresses, rateLimit, quota, ...rest }, context) => {
      const expiry = expiryChoice({ expiration, expiresAt }, now, context);
      if (!expiry && !(expiration && expiresAt)) {
        context.addIssue({ code: 'custom', message: 'Choose how long the token lives.', path: ['expiration'] });
      }
      return {
        ...rest,
        expiry: expiry ?? { expiration: TokenExpiration.DAYS_30 },
        controls: { allowlist: allowedAddresses ?? null, rateLimit: rateLimit ?? null, quota: quota ?? null },
      };
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
      // Parsed in `editedControls`: an empty list removes the allowlist, where null leaves it as it is.
      allowedAddresses: z.array(z.string()).nullish(),
      rateLimit: rateLimitSchema.nullish(),
      removeRateLimit: z.boolean().nullish(),
      quota: quotaSchema.nullish(),
      removeQuota: z.boolean().nullish(),
    })
    .transform((input, context) => {
      const { expiration, expiresAt, name, description, permissions } = input;
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
      const controls = editedControls(input, context);
      if (Object.keys(controls).length > 0) edit.controls = controls;
      return edit;
    });
}

/** The controls an edit sets or removes; a control it does not mention stays as it is. */
function editedControls(
  input: {
    allowedAddresses?: string[] | null;
    rateLimit?: RateLimit | null;
    removeRateLimit?: boolean | null;
    quota?: Quota | null;
    removeQuota?: boolean | null;
  },
  context: z.RefinementCtx,
): Partial<TokenControls> {
  const controls: Partial<TokenControls> = {};
  if (input.allowedAddresses) {
    const allowlist = allowedAddressesSchema.safeParse(input.allowedAddresses);
    if (allowlist.success) controls.allowlist = allowlist.data;
    else
      for (const issue of allowlist.error.issues)
        context.addIssue({ ...issue, path: ['allowedAddresses', ...issue.path] });
  }
  for (const [control, set, remove] of [
    ['rateLimit', input.rateLimit, input.removeRateLimit],
    ['quota', input.quota, input.removeQuota],
  ] as const) {
    const removeField = control === 'rateLimit' ? 'removeRateLimit' : 'removeQuota';
    if (set && remove) {
      context.addIssue({
        code: 'custom',
        message: `Give either \`${control}\` or \`${removeField}\`.`,
        path: [control],
      });
    } else if (set) Object.assign(controls, { [control]: set });
    else if (remove) Object.assign(controls, { [control]: null });
  }
  return controls;
}

/** What an edit changes; a field left out stays as it is. */
export interface TokenEdit {
  name?: string;
  /** Null removes the description. */
  description?: string | null;
  permissions?: string[];
  expiry?: ExpiryChoice;
  /** The controls it sets (null removes one); those left out stay as they are. */
  controls?: Partial<TokenControls>;
}

export function parseUpdateTokenInput(input: unknown, now: Date): TokenEdit {
  const result = updateTokenInputSchema(now).safeParse(input);
  if (!result.success) throw ValidationError.fromIssues(result.error.issues, ['input']);
  return result.data;
}
