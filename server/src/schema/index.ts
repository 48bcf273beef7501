import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.js';
import './scalars.js';
import './errors.js';
import './services.js';
import './user.js';
import './auth.js';
import './token.js';
import './token-mutations.js';
import './token-activity.js';
import './audit.js';
import './notifications.js';
import './admin.js';
import './policies.js';
import './admin-bulk-revocation.js';
import './admin-accounts.js';
import './admin-services.js';
import './admin-tokens.js';
import './admin-approvals.js';

export const schema = builder.toSchema();

export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
