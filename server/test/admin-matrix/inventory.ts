import { expect } from 'vitest';
import { type Operation, READERS } from '../support/admin-matrix.js';

export const inventoryOperations: Operation[] = [
  {
    name: 'adminTokens',
    allowed: READERS,
    run: (app, caller, { candidate }) =>
      app.request(
        `query ($email: String) {
          adminTokens(first: 5, filter: { ownerEmail: $email }) { totalCount edges { node { ownerEmail name } } }
        }`,
        { email: candidate.email },
        caller,
      ),
    prepare: async ({ app, candidate }) => {
      await app.generateToken({ cookie: candidate.cookie }, { name: 'inventoried' });
      return {};
    },
    succeeded: (data, { candidate }) =>
      expect(data).toEqual({
        adminTokens: { totalCount: 1, edges: [{ node: { ownerEmail: candidate.email, name: 'inventoried' } }] },
      }),
  },
];
