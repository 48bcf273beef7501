import path from 'node:path';
import { type RunningProcess, startNode } from './processes.js';

export interface CountingProxy extends RunningProcess {
  url: string;
  /** How many requests for `path` went through to Latchkey. */
  count: (path: string) => Promise<number>;
}

/** counting-proxy.mjs in front of `target`, as its own process. */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const running = startNode([path.join(import.meta.dirname, 'counting-proxy.mjs'), target], {
    cwd: import.meta.dirname,
    env: process.env,
  });
  await running.untilOutput(/proxy ready at http:\/\/\S+/);
  const url = /proxy ready at (http:\/\/\S+)/.exec(running.output())?.[1] ?? '';
  return {
    ...running,
    url,
    count: async (requestPath) => {
      const counts = (await (await fetch(`${url}/__counts`)).json()) as Record<string, number>;
      return counts[requestPath] ?? 0;
    },
  };
}
