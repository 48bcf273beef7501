import { expect } from 'vitest';
import { type Operation, READERS, WRITERS } from '../support/admin-matrix.js';

export const administratorOperations: Operation[] = [
  {
    name: 'administrators',
    allowed: READERS,
    run: (app, caller) => app.request('{ administrators { email } }', {}, caller),
    succeeded: (data, { administrator, colleague }) =>
      // The database is shared by this file's tests: other tests' administrators are listed too.
      expect((data.administrators as { email: string }[]).map(({ email }) => email)).toEqual(
        expect.arrayContaining([administrator.email, colleague.email]),
      ),
  },
  {
    name: 'grantAdministrator',
    allowed: WRITERS,
    run: (app, caller, { candidate }) =>
      app.request(
        `mutation ($email: String!) {
          grantAdministrator(input: { email: $email }) { __typename ... on GrantAdministratorSuccess { email changed } }
        }`,
        { email: candidate.email },
        caller,
      ),
    succeeded: (data, { candidate }) =>
      expect(data).toEqual({
        grantAdministrator: { __typename: 'GrantAdministratorSuccess', email: candidate.email, changed: true },
      }),
  },
  {
    name: 'revokeAdministrator',
    allowed: WRITERS,
    run: (app, caller, { colleague }) =>
      app.request(
        `mutation ($email: String!) {
          revokeAdministrator(input: { email: $email }) { __typename ... on RevokeAdministratorSuccess { email changed } }
        }`,
        { email: colleague.email },
        caller,
      ),
    succeeded: (data, { colleague }) =>
      expect(data).toEqual({
        revokeAdministrator: { __typename: 'RevokeAdministratorSuccess', email: colleague.email, changed: true },
      }),
  },
];
