import { type LatchkeyContext, requirePermission } from '@latchkey/verify/envelop';
import { createSchema } from 'graphql-yoga';
import type { Report, Reports } from './reports.js';

const typeDefs = /* GraphQL */ `
  "A report, kept in memory by this example service."
  type Report {
    id: ID!
    title: String!
    body: String!
    "The Latchkey user id of the token that created it."
    authorId: ID!
    "When it was created, ISO 8601."
    createdAt: String!
  }

  type Query {
    "Every report. Needs a token with reports:read (reports:write implies it)."
    reports: [Report!]!
  }

  type Mutation {
    "Creates a report. Needs a token with reports:write."
    createReport(title: String!, body: String!): Report!
  }
`;

export function reportsSchema(reports: Reports) {
  return createSchema<LatchkeyContext>({
    typeDefs,
    resolvers: {
      Report: {
        createdAt: (report: Report) => report.createdAt.toISOString(),
      },
      Query: {
        reports: (_parent, _args, context) => {
          requirePermission(context.latchkey, 'reports:read');
          return reports.list();
        },
      },
      Mutation: {
        createReport: (_parent, args: { title: string; body: string }, context) => {
          const principal = requirePermission(context.latchkey, 'reports:write');
          return reports.create(args.title, args.body, principal.userId);
        },
      },
    },
  });
}
