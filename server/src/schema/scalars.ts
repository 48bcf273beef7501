import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 date-time string.');
  return date;
}

// Lists show the same few moments (each token's dates) request after request; formatting one costs more than
// finding it again.
const MAX_REMEMBERED_MOMENTS = 10_000;
const rememberedMoments = new Map<number, string>();

function isoString(date: Date): string {
  const time = date.getTime();
  let text = rememberedMoments.get(time);
  if (text === undefined) {
    if (rememberedMoments.size >= MAX_REMEMBERED_MOMENTS) rememberedMoments.clear();
    text = date.toISOString();
    rememberedMoments.set(time, text);
  }
  return text;
}

builder.scalarType('DateTime', {
  description: 'A moment in time, as an ISO 8601 string in UTC (for example 2026-01-31T12:00:00.000Z).',
  serialize: isoString,
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined),
});
