import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';
import { isoStrings } from '../caches.js';

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 date-time string.');
  return date;
}

// Lists show the same few moments (each token's dates) request after request; formatting one costs more than
// finding it again.
function isoString(date: Date): string {
  const time = date.getTime();
  let text = isoStrings.get(time);
  if (text === undefined) {
    text = date.toISOString();
    isoStrings.set(time, text);
  }
  return text;
}

builder.scalarType('DateTime', {
  description: 'A moment in time, as an ISO 8601 string in UTC (for example 2026-01-31T12:00:00.000Z).',
  serialize: isoString,
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined),
});
