import { expect } from 'vitest';
import { db } from '../../src/db.js';
import { type Operation, READERS, type Setting, WRITERS } from '../support/admin-matrix.js';
import { localId } from '../support/app.js';

/** A token of the candidate's waiting for approval (as the `approvalRequired` policy would have left it). */
async function pendingRequest({ app, candidate }: Setting): Promise<Record<string, string>> {
  const { id } = await app.generateToken(
    { cookie: candidate.cookie },
    { name: 'waiting', permissions: ['reports:write'] },
  );
  await db.personalAccessToken.update({
    where: { id: localId(id) },
    data: { pendingApprovalSince: app.clock.now() },
  });
  return { tokenId: id };
}

export const approvalOperations: Operation[] = [
  {
    name: 'pendingApprovals',
    allowed: READERS,
    prepare: pendingRequest,
    run: (app, caller) =>
      app.request('{ pendingApprovals(first: 100) { edges { node { tokenId ownerEmail } } } }', {}, caller),
    succeeded: (data, { candidate }, { tokenId }) =>
      expect((data.pendingApprovals as { edges: { node: unknown }[] }).edges.map(({ node }) => node)).toContainEqual({
        tokenId,
        ownerEmail: candidate.email,
      }),
  },
  {
    name: 'approveToken',
    allowed: WRITERS,
    prepare: pendingRequest,
    run: (app, caller, _setting, { tokenId }) =>
      app.request(
        `mutation ($id: ID!) {
          approveToken(id: $id) { __typename ... on ApproveTokenSuccess { request { tokenId status } } }
        }`,
        { id: tokenId },
        caller,
      ),
    succeeded: (data, _setting, { tokenId }) =>
      expect(data).toEqual({
        approveToken: { __typename: 'ApproveTokenSuccess', request: { tokenId, status: 'ACTIVE' } },
      }),
  },
  {
    name: 'denyToken',
    allowed: WRITERS,
    prepare: pendingRequest,
    run: (app, caller, _setting, { tokenId }) =>
      app.request(
        `mutation ($id: ID!) {
          denyToken(id: $id, message: "Not for this team.") {
            __typename ... on DenyTokenSuccess { request { tokenId status revocationMessage } }
          }
        }`,
        { id: tokenId },
        caller,
      ),
    succeeded: (data, _setting, { tokenId }) =>
      expect(data).toEqual({
        denyToken: {
          __typename: 'DenyTokenSuccess',
          request: { tokenId, status: 'REVOKED', revocationMessage: 'Not for this team.' },
        },
      }),
  },
];
