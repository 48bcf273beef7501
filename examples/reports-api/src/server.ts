import { createServer, type Server } from 'node:http';
import type { TokenVerification } from '@latchkey/verify';
import { type LatchkeyContext, useLatchkey } from '@latchkey/verify/envelop';
import { createYoga } from 'graphql-yoga';
import { Reports } from './reports.js';
import { reportsSchema } from './schema.js';

/** The reports API over HTTP at /graphql, every request's token checked by `verifier`. */
export function createReportsServer(verifier: TokenVerification): Server {
  const yoga = createYoga<object, LatchkeyContext>({
    schema: reportsSchema(new Reports()),
    plugins: [useLatchkey(verifier)],
    graphiql: false,
    logging: false,
  });
  return createServer(yoga);
}
