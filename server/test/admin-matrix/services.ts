import { expect } from 'vitest';
import { db } from '../../src/db.js';
import { operatorCatalogue } from '../../src/permissions/operator-catalogue.js';
import { createServiceKey } from '../../src/services/service-keys.js';
import { type Operation, READERS, WRITERS } from '../support/admin-matrix.js';

export const serviceOperations: Operation[] = [
  {
    name: 'adminServices',
    allowed: READERS,
    run: (app, caller) => app.request('{ adminServices { id acceptsKeys keys { id hint } } }', {}, caller),
    succeeded: (data) =>
      expect((data.adminServices as { id: string }[]).map(({ id }) => id)).toEqual(['latchkey', 'reports', 'billing']),
  },
  {
    name: 'createServiceKey',
    allowed: WRITERS,
    run: (app, caller) =>
      app.request(
        `mutation {
          createServiceKey(input: { serviceId: "reports" }) {
            __typename ... on CreateServiceKeySuccess { secret key { id serviceId } }
          }
        }`,
        {},
        caller,
      ),
    succeeded: async (data) => {
      const created = data.createServiceKey as { __typename: string; secret: string; key: { id: string } };
      expect(created).toMatchObject({ __typename: 'CreateServiceKeySuccess', key: { serviceId: 'reports' } });
      expect(created.secret).toMatch(/^lksvc_/);
      expect(await db.serviceKey.count({ where: { id: created.key.id, revokedAt: null } })).toBe(1);
    },
  },
  {
    name: 'revokeServiceKey',
    allowed: WRITERS,
    prepare: async () => {
      const { key } = await createServiceKey(operatorCatalogue(), 'reports', new Date('2026-01-15T11:00:00.000Z'));
      return { keyId: key.id };
    },
    run: (app, caller, _setting, { keyId }) =>
      app.request(
        `mutation ($id: ID!) {
          revokeServiceKey(id: $id) { __typename ... on RevokeServiceKeySuccess { changed key { id revokedAt } } }
        }`,
        { id: keyId },
        caller,
      ),
    succeeded: (data, { app }, { keyId }) =>
      expect(data.revokeServiceKey).toEqual({
        __typename: 'RevokeServiceKeySuccess',
        changed: true,
        key: { id: keyId, revokedAt: app.clock.now().toISOString() },
      }),
  },
];
