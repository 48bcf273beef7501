import { expect } from 'vitest';
import { lockAccount } from '../../src/admin/accounts.js';
import { fromTheShell, type Operation, READERS, WRITERS } from '../support/admin-matrix.js';

export const accountOperations: Operation[] = [
  {
    name: 'adminAccounts',
    allowed: READERS,
    run: (app, caller, { candidate }) =>
      app.request(
        'query ($search: String) { adminAccounts(search: $search) { edges { node { email isAdministrator } } } }',
        { search: candidate.email },
        caller,
      ),
    succeeded: (data, { candidate }) =>
      expect(data).toEqual({
        adminAccounts: { edges: [{ node: { email: candidate.email, isAdministrator: false } }] },
      }),
  },
  {
    name: 'lockAccount',
    allowed: WRITERS,
    run: (app, caller, { candidate }) =>
      app.request(
        `mutation ($email: String!) {
          lockAccount(input: { email: $email, reason: "Matrix." }) {
            __typename ... on LockAccountSuccess { changed account { email lockedReason } }
          }
        }`,
        { email: candidate.email },
        caller,
      ),
    succeeded: (data, { candidate }) =>
      expect(data).toEqual({
        lockAccount: {
          __typename: 'LockAccountSuccess',
          changed: true,
          account: { email: candidate.email, lockedReason: 'Matrix.' },
        },
      }),
  },
  {
    name: 'unlockAccount',
    allowed: WRITERS,
    prepare: async ({ candidate }) => {
      await lockAccount(candidate.email, 'Matrix.', fromTheShell());
      return {};
    },
    run: (app, caller, { candidate }) =>
      app.request(
        `mutation ($email: String!) {
          unlockAccount(input: { email: $email }) {
            __typename ... on UnlockAccountSuccess { changed account { email lockedAt } }
          }
        }`,
        { email: candidate.email },
        caller,
      ),
    succeeded: (data, { candidate }) =>
      expect(data).toEqual({
        unlockAccount: {
          __typename: 'UnlockAccountSuccess',
          changed: true,
          account: { email: candidate.email, lockedAt: null },
        },
      }),
  },
];
