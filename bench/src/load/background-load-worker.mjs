// The worker side of background-load.ts: autocannon on its own event loop, so the load it generates does not
// delay the measuring thread's own requests and timers. Plain JavaScript, as worker threads load no TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const instances = workerData.targets.map((target) =>
  autocannon({
    url: target.url,
    connections: target.connections,
    pipelining: 1,
    requests: target.requests,
    timeout: 30,
    duration: workerData.maxSeconds,
  }),
);
parentPort.once('message', () => {
  for (const instance of instances) instance.stop();
});
const results = await Promise.all(instances);
parentPort.postMessage(
  results.map((result) => ({
    responses: result['2xx'] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })),
);
