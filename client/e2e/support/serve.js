// The UI and the API on one origin, as the production server will do it: `/graphql` goes to the API (here a
// proxy to the API process), every other path to SvelteKit's adapter-node handler from client/build.
// Usage: LATCHKEY_E2E_API_URL=http://127.0.0.1:<port>/graphql node e2e/support/serve.js
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const apiUrl = new URL(process.env.LATCHKEY_E2E_API_URL ?? 'http://127.0.0.1:4000/graphql');
const buildDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build');

/** @type {((req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void) | undefined} */
let handler;

function proxyToApi(req, res) {
  const upstream = http.request(
    { host: apiUrl.hostname, port: apiUrl.port, method: req.method, path: req.url, headers: req.headers },
    (response) => {
      res.writeHead(response.statusCode ?? 502, response.rawHeaders);
      response.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('The API is not reachable.');
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (pathname === apiUrl.pathname) return proxyToApi(req, res);
  if (!handler) {
    res.writeHead(503).end();
    return;
  }
  handler(req, res, () => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', async () => {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('Expected a TCP address');
  const origin = `http://${address.address}:${address.port}`;
  // adapter-node reads ORIGIN when its handler is imported; without it, it assumes https.
  process.env.ORIGIN ??= origin;
  ({ handler } = await import(pathToFileURL(path.join(buildDirectory, 'handler.js')).href));
  console.log(`Latchkey UI ready at ${origin}/`);
});

function shutDown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
