import { encodeGlobalID } from '@pothos/plugin-relay';
import { execute, isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import type { Context } from '../src/context.js';
import { NO_POLICIES } from '../src/policies/policies.js';
import { schema } from '../src/schema/index.js';
import { rateLimitRules } from '../src/security/rate-limits.js';
import { TestClock } from './support/app.js';

function sessionContext(userId: string): Context {
  const clock = new TestClock();
  return {
    viewer: { userId, administrator: false, session: { id: 'session1', reauthenticatedAt: clock.now() }, token: null },
    clock,
    requestedAt: clock.now(),
    origin: { ip: null, userAgent: null },
    tokenLimitPerUser: 10,
    requestUrl: 'http://localhost/graphql',
    rateLimits: rateLimitRules(config.rateLimits),
    policies: NO_POLICIES,
    response: { cookies: [], status: null, headers: [], rateLimited: [] },
  };
}

// A promise anywhere in a response makes graphql-js complete all of it asynchronously
// (bench/README.md#what-each-change-bought).
describe('global ids', () => {
  it('resolve synchronously, so `viewer { id }` executes without a promise', () => {
    const result = execute({ schema, document: parse('{ viewer { id } }'), contextValue: sessionContext('u1') });

    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ data: { viewer: { id: encodeGlobalID('User', 'u1') } } });
  });

  it('encode every node type as the relay plugin does, without a promise', () => {
    const nodeTypes = Object.values(schema.getTypeMap()).filter(
      (type) => isObjectType(type) && type.getInterfaces().some((face) => face.name === 'Node'),
    );
    expect(nodeTypes.map((type) => type.name).sort()).toEqual(['AuditEvent', 'PersonalAccessToken', 'User', 'Webhook']);
    for (const type of nodeTypes) {
      if (!isObjectType(type)) continue;
      const resolveId = type.getFields().id?.resolve;
      const id = resolveId?.({ id: 'row1' }, {}, sessionContext('u1'), {} as never);

      expect(id, type.name).toBe(encodeGlobalID(type.name, 'row1'));
    }
  });
});
