import autocannon, { type AutocannonRequest } from 'autocannon';
import { cpuTimeMicros } from '../servers/proc-stats.js';

export interface LoadOptions {
  url: string;
  requests: AutocannonRequest[];
  connections: number;
  /** Run for this long, or until `amount` responses, whichever is given. */
  durationSeconds?: number;
  amount?: number;
  /** The server under test, whose CPU time is read from /proc before and after. */
  serverPid: number;
  /** Database processes (PostgreSQL backends) whose CPU time is read the same way, when there are any. */
  databasePids?: number[];
  /** The status every response must have (a scenario of refusals expects 401); any 2xx when not given. */
  expectedStatus?: number;
}

/** One timed run: everything the tables and the JSON report are computed from. */
export interface LoadRun {
  responses: number;
  seconds: number;
  serverCpuMicros: number;
  databaseCpuMicros?: number;
  /** CPU this process (autocannon) spent generating the load: near a full core means the client limited the rate. */
  loadGeneratorCpuMicros: number;
  /** Every response's latency in milliseconds, so runs can be merged exactly. */
  latenciesMs: number[];
  /** Responses without the expected status: non-2xx ones, unless another status was expected. */
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export const jsonPost = (path: string, body: string, headers: Record<string, string> = {}): AutocannonRequest => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

/** CPU time of processes that may exit meanwhile (a pooled connection closing); a missing one counts as nothing. */
function cpuTimesMicros(pids: readonly number[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const pid of pids) {
    try {
      times.set(pid, cpuTimeMicros(pid));
    } catch {
      // The process is gone.
    }
  }
  return times;
}

function cpuSpentMicros(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, time] of after) spent += time - (before.get(pid) ?? time);
  return spent;
}

export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  const databaseCpuBefore = cpuTimesMicros(options.databasePids ?? []);
  const cpuBefore = cpuTimeMicros(options.serverPid);
  const loadGeneratorCpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    // HTTP clients do not pipeline in practice, and pipelining would hide per-request socket costs.
    pipelining: 1,
    requests: options.requests,
    timeout: 30,
    ...(options.amount === undefined ? { duration: options.durationSeconds ?? 1 } : { amount: options.amount }),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    latenciesMs.push(responseTimeMs);
  });
  const result = await instance;
  const seconds = (performance.now() - startedAt) / 1000;
  const serverCpuMicros = cpuTimeMicros(options.serverPid) - cpuBefore;
  const loadGeneratorCpu = process.cpuUsage(loadGeneratorCpuBefore);
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  const databaseCpuMicros = options.databasePids
    ? cpuSpentMicros(databaseCpuBefore, cpuTimesMicros(options.databasePids))
    : undefined;
  return {
    responses: latenciesMs.length,
    seconds,
    serverCpuMicros,
    databaseCpuMicros,
    loadGeneratorCpuMicros: loadGeneratorCpu.user + loadGeneratorCpu.system,
    latenciesMs,
    non2xx:
      options.expectedStatus === undefined
        ? result.non2xx
        : latenciesMs.length - (statusCodes[String(options.expectedStatus)] ?? 0),
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}
