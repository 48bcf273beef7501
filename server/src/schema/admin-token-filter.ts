import type { InventoryFilter } from '../admin/inventory-filter.js';
import { normalizeEmail } from '../auth/accounts.js';
import { builder } from '../builder.js';
import { type FieldError, ValidationError } from '../errors.js';
import type { TokenStatus } from '../tokens/status.js';
import { TokenStatusEnum } from './token.js';

const MAX_DAYS = 3650;
const MAX_TEXT_LENGTH = 320;
const PERMISSION_PATTERN = /^[a-z][a-z0-9-]{0,39}:[a-z][a-z0-9-]{0,39}$/;
const SERVICE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

export const AdminTokenFilterInput = builder.inputType('AdminTokenFilter', {
  description:
    'Which tokens of every account to show or revoke. Every condition given must hold; an empty filter is every ' +
    'token.',
  fields: (t) => ({
    ownerEmail: t.string({ description: "The owner's sign-in email (compared case-insensitively)." }),
    permission: t.string({ description: 'A permission the token holds, as `service:action`.' }),
    service: t.string({
      description: 'A service id: tokens holding any permission of that service (`latchkey` for its own).',
    }),
    status: t.field({ type: TokenStatusEnum, description: 'Only tokens in this status now.' }),
    expiringWithinDays: t.int({
      description: `Only tokens not yet expired that expire within this many days (1 to ${MAX_DAYS}).`,
    }),
    unusedForDays: t.int({
      description:
        `Only tokens not used for at least this many days (1 to ${MAX_DAYS}); a token never used counts from its ` +
        'creation.',
    }),
    neverUsed: t.boolean({ description: 'True: only tokens never used; false: only tokens used at least once.' }),
    createdFromAddress: t.string({ description: 'Only tokens generated from this address (IPv4 or IPv6).' }),
  }),
});

export interface AdminTokenFilterArgument {
  ownerEmail?: string | null;
  permission?: string | null;
  service?: string | null;
  status?: TokenStatus | null;
  expiringWithinDays?: number | null;
  unusedForDays?: number | null;
  neverUsed?: boolean | null;
  createdFromAddress?: string | null;
}

/**
 * The inventory filter an `AdminTokenFilter` asks for, or a `ValidationError` naming each wrong field under `path`
 * (`['filter', 'unusedForDays']`). Blank text fields are left out.
 */
export function inventoryFilterOf(
  input: AdminTokenFilterArgument | null | undefined,
  path: string[] = ['filter'],
): InventoryFilter {
  const filter: InventoryFilter = {};
  if (!input) return filter;
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ path: [...path, field], message });
  const text = (field: keyof AdminTokenFilterArgument, value: string | null | undefined) => {
    const trimmed = value?.trim();
    if (!trimmed) return undefined;
    if (trimmed.length > MAX_TEXT_LENGTH) {
      fail(field, `\`${field}\` is at most ${MAX_TEXT_LENGTH} characters.`);
      return undefined;
    }
    return trimmed;
  };
  const days = (field: 'expiringWithinDays' | 'unusedForDays') => {
    const value = input[field];
    if (value == null) return undefined;
    if (value < 1 || value > MAX_DAYS) {
      fail(field, `\`${field}\` must be between 1 and ${MAX_DAYS} days.`);
      return undefined;
    }
    return value;
  };

  const ownerEmail = text('ownerEmail', input.ownerEmail);
  if (ownerEmail !== undefined) filter.ownerEmail = normalizeEmail(ownerEmail);
  const permission = text('permission', input.permission)?.toLowerCase();
  if (permission !== undefined) {
    if (PERMISSION_PATTERN.test(permission)) filter.permission = permission;
    else fail('permission', 'A permission is written `service:action`, for example `tokens:read`.');
  }
  const service = text('service', input.service)?.toLowerCase();
  if (service !== undefined) {
    if (SERVICE_PATTERN.test(service)) filter.service = service;
    else fail('service', 'A service id is lower-case letters, digits and dashes, starting with a letter.');
  }
  if (input.status != null) filter.status = input.status;
  const expiringWithinDays = days('expiringWithinDays');
  if (expiringWithinDays !== undefined) filter.expiringWithinDays = expiringWithinDays;
  const unusedForDays = days('unusedForDays');
  if (unusedForDays !== undefined) filter.unusedForDays = unusedForDays;
  if (input.neverUsed != null) filter.neverUsed = input.neverUsed;
  const address = text('createdFromAddress', input.createdFromAddress);
  if (address !== undefined) filter.createdFromAddress = address.toLowerCase();

  if (errors.length > 0) throw new ValidationError(errors.map((error) => error.message).join(' '), errors);
  return filter;
}
