// A transparent HTTP proxy in front of Latchkey that counts the requests passing through, by path: the proof
// that a refusal cost no request to Latchkey. Its own process, so that forwarding never waits for the test's
// event loop. Usage: node counting-proxy.mjs <target URL>; prints "proxy ready at <url>"; GET /__counts answers
// the counts as JSON.
import { createServer, request as forward } from 'node:http';

const upstream = new URL(process.argv[2]);
const counts = {};

const server = createServer((request, response) => {
  const path = (request.url ?? '/').split('?')[0];
  if (path === '/__counts') return response.end(JSON.stringify(counts));
  counts[path] = (counts[path] ?? 0) + 1;
  const outgoing = forward(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      response.flushHeaders();
      answer.on('data', (chunk) => response.write(chunk));
      answer.on('end', () => response.end());
      // An answer Latchkey broke off (a killed server, a lost stream) breaks off here too.
      answer.on('close', () => {
        if (!answer.complete) response.destroy();
      });
    },
  );
  outgoing.on('error', () => response.destroy());
  response.on('close', () => outgoing.destroy());
  request.pipe(outgoing);
});

server.listen(0, '127.0.0.1', () => console.log(`proxy ready at http://127.0.0.1:${server.address().port}`));
