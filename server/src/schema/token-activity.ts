import {
  type ActivityCount,
  type ActivityDay,
  activityDays,
  MAX_ACTIVITY_DAYS,
  MAX_LISTED_ADDRESSES,
  recentAddresses,
} from '../activity/history.js';
import { ACTIVITY_FLUSH_MS } from '../activity/recorder.js';
import { builder } from '../builder.js';
import { ValidationError } from '../errors.js';
import type { TokenAddress } from '../generated/prisma/client.js';
import { TokenRef } from './token.js';

// A token's activity (issue 17): requests per day by service and operation, and the addresses it came from.

const ActivityCountRef = builder.objectRef<ActivityCount>('TokenActivityCount').implement({
  description: 'Requests of one day at one service (and, for Latchkey’s own API, one GraphQL operation).',
  fields: (t) => ({
    service: t.exposeString('service', {
      description: '`latchkey` for Latchkey’s own API, else the id of the operator’s service that verified it.',
    }),
    operation: t.exposeString('operation', {
      nullable: true,
      description:
        'The GraphQL operation name on Latchkey’s own API (`Anonymous` for unnamed ones, `other` past the first ' +
        '100 names a server sees); null for other services.',
    }),
    requests: t.exposeInt('requests', { description: 'How many.' }),
  }),
});

const ActivityDayRef = builder.objectRef<ActivityDay>('TokenActivityDay').implement({
  description: 'One UTC day of a token’s use.',
  fields: (t) => ({
    day: t.exposeString('day', { description: 'The day, `YYYY-MM-DD` (UTC).' }),
    requests: t.exposeInt('requests', { description: 'Requests that day, at every service.' }),
    counts: t.field({
      type: [ActivityCountRef],
      description: 'The requests by service and operation, most first.',
      resolve: (day) => day.counts,
    }),
  }),
});

const AddressUseRef = builder.objectRef<TokenAddress>('TokenAddressUse').implement({
  description: 'An address the token was used from.',
  fields: (t) => ({
    address: t.exposeString('address', { description: 'The client address.' }),
    firstSeenAt: t.expose('firstSeenAt', { type: 'DateTime', description: 'Its first use from there.' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', description: 'Its last use from there.' }),
    requests: t.exposeInt('requests', { description: 'Requests from there.' }),
    newNetwork: t.exposeBoolean('newNetwork', {
      description:
        'True when it was the token’s first use from its network (IPv4 /24, IPv6 /64) after uses elsewhere: ' +
        'it raised a new-address alert (`TOKEN_USED_FROM_NEW_ADDRESS`).',
    }),
  }),
});

interface Activity {
  tokenId: string;
  days: number;
}

const ActivityRef = builder.objectRef<Activity>('TokenActivityHistory').implement({
  description:
    `What a token did, kept ${MAX_ACTIVITY_DAYS} days. Counts are written every ${ACTIVITY_FLUSH_MS / 1000} ` +
    'seconds, so the last few seconds may not show yet.',
  fields: (t) => ({
    days: t.field({
      type: [ActivityDayRef],
      description: 'Each day of the period, oldest first, unused days included (with 0 requests).',
      resolve: ({ tokenId, days }, _args, context) => activityDays(tokenId, days, context.requestedAt),
    }),
    addresses: t.field({
      type: [AddressUseRef],
      description: `The addresses it was used from, most recently used first (at most ${MAX_LISTED_ADDRESSES}).`,
      resolve: ({ tokenId }) => recentAddresses(tokenId),
    }),
  }),
});

builder.objectField(TokenRef, 'activity', (t) =>
  t.field({
    type: ActivityRef,
    description: 'Its use over the last `days` days (UTC, today included).',
    args: {
      days: t.arg.int({
        defaultValue: 30,
        required: true,
        description: `How many days: 1 to ${MAX_ACTIVITY_DAYS}.`,
      }),
    },
    resolve: (token, { days }) => {
      if (!Number.isInteger(days) || days < 1 || days > MAX_ACTIVITY_DAYS) {
        throw ValidationError.forField(['days'], `Choose from 1 to ${MAX_ACTIVITY_DAYS} days.`);
      }
      return { tokenId: token.id, days };
    },
  }),
);
