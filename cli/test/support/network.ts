import { createServer, type RequestListener } from 'node:http';

/** An HTTP server on a free port, answering with `handle`; for servers that are not Latchkey. */
export async function startHttpServer(handle: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('The server has no address');
  return {
    url: `http://127.0.0.1:${address.port}/graphql`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A URL where nothing listens: a port the system handed out and took back. */
export async function urlWhereNothingListens(): Promise<string> {
  const server = await startHttpServer(() => {});
  await server.close();
  return server.url;
}
