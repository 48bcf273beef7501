import { Worker } from 'node:worker_threads';
import type { AutocannonRequest } from 'autocannon';

export interface BackgroundTarget {
  url: string;
  connections: number;
  /** Plain requests only (no `setupRequest`): they are copied to the worker thread. */
  requests: AutocannonRequest[];
}

export interface BackgroundLoadResult {
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface BackgroundLoad {
  /** Stops the load and reports what each target answered, in the order given. */
  stop(): Promise<BackgroundLoadResult[]>;
}

/**
 * Keeps servers busy while a scenario measures something else (revocation under load): autocannon runs in a
 * worker thread, so the measuring thread's requests are not queued behind the load's own callbacks.
 */
export function startBackgroundLoad(targets: BackgroundTarget[], maxSeconds = 600): BackgroundLoad {
  const worker = new Worker(new URL('./background-load-worker.mjs', import.meta.url), {
    workerData: { targets, maxSeconds },
  });
  const results = new Promise<BackgroundLoadResult[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`background load exited with ${code} before reporting`)));
  });
  return {
    stop: async () => {
      worker.postMessage('stop');
      const reported = await results;
      await worker.terminate();
      return reported;
    },
  };
}
