import { expect } from 'vitest';
import { db } from '../../src/db.js';
import { type Operation, WRITERS } from '../support/admin-matrix.js';
import { localId } from '../support/app.js';

export const bulkRevocationOperations: Operation[] = [
  {
    name: 'revokeTokensAsAdministrator',
    allowed: WRITERS,
    prepare: async ({ app, candidate }) => {
      const token = await app.generateToken({ cookie: candidate.cookie }, { name: 'to revoke in bulk' });
      return { tokenId: token.id };
    },
    run: (app, caller, _setting, { tokenId }) =>
      app.request(
        `mutation ($input: RevokeTokensAsAdministratorInput!) {
          revokeTokensAsAdministrator(input: $input) {
            __typename ... on RevokeTokensAsAdministratorSuccess { revokedCount }
          }
        }`,
        { input: { tokenIds: [tokenId], message: 'Revoked by the permission matrix.' } },
        caller,
      ),
    succeeded: async (data, _setting, { tokenId }) => {
      expect(data).toEqual({
        revokeTokensAsAdministrator: { __typename: 'RevokeTokensAsAdministratorSuccess', revokedCount: 1 },
      });
      const token = await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(tokenId as string) } });
      expect(token).toMatchObject({
        revocationReason: 'ADMIN',
        revocationMessage: 'Revoked by the permission matrix.',
      });
    },
  },
];
