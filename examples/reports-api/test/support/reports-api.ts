import path from 'node:path';
import { type RunningProcess, startNode } from './processes.js';

const exampleDirectory = path.resolve(import.meta.dirname, '../..');

export interface RunningReportsApi extends RunningProcess {
  graphqlUrl: string;
}

/** The example as `npm start` runs it (`node dist/main.js`), configured from the environment. */
export async function startReportsApi(options: {
  latchkeyUrl: string;
  serviceKey: string;
  disconnectedGraceMs?: number;
}): Promise<RunningReportsApi> {
  const running = startNode([path.join(exampleDirectory, 'dist/main.js')], {
    cwd: exampleDirectory,
    env: {
      ...process.env,
      LATCHKEY_URL: options.latchkeyUrl,
      LATCHKEY_SERVICE_ID: 'reports',
      LATCHKEY_SERVICE_KEY: options.serviceKey,
      ...(options.disconnectedGraceMs === undefined
        ? {}
        : { LATCHKEY_DISCONNECTED_GRACE_MS: String(options.disconnectedGraceMs) }),
      HOST: '127.0.0.1',
      PORT: '0',
    },
  });
  await running.untilOutput(/Reports API ready at http:\/\/\S+/);
  const graphqlUrl = /Reports API ready at (http:\/\/\S+)/.exec(running.output())?.[1] ?? '';
  return { ...running, graphqlUrl };
}

export interface Answer {
  status: number;
  challenge: string | null;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** One GraphQL request to the example with `Authorization: Bearer <secret>` (none when secret is null). */
export async function askReports(
  api: { graphqlUrl: string },
  secret: string | null,
  query = '{ reports { title } }',
  variables: object = {},
): Promise<Answer> {
  const response = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { authorization: `Bearer ${secret}` }) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: (await response.json()) as Answer['body'],
  };
}

export const createReport = 'mutation ($title: String!) { createReport(title: $title, body: "Numbers.") { title } }';
