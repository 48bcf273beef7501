import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { exampleServiceDirectory, serverDirectory, serverEntryPoint } from '../paths.js';
import { productionNodeArguments } from './production-start.js';

export interface ServerProcess {
  label: string;
  url: string;
  pid: number;
  /** The tail of what the process printed (stdout and stderr). */
  output: () => string;
  /** A position in the output, to read what was printed after it with `outputSince`. */
  outputMark: () => number;
  outputSince: (mark: number) => string;
  /** How the process ended, while the bench did not stop it; undefined while it runs. */
  exitStatus: () => string | undefined;
  stop: () => Promise<void>;
}

/** The server exited (or never printed its ready line); carries what it printed. */
export class ServerStartError extends Error {
  constructor(
    readonly label: string,
    readonly output: string,
    reason: string,
  ) {
    super(`${label} did not start (${reason}):\n${output.slice(-4000)}`);
  }
}

interface StartOptions {
  label: string;
  script: string;
  env?: Record<string, string>;
  /** Extra node flags, for example --cpu-prof. */
  nodeArguments?: string[];
  cwd?: string;
  startTimeoutMs?: number;
}

const KEPT_OUTPUT = 64_000;
const READY_LINE = /ready at (http:\/\/\S+)/;

/** Keeps the last KEPT_OUTPUT characters a process printed, cheaply, however much it prints. */
class OutputTail {
  #text = '';
  #dropped = 0;

  append(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > 2 * KEPT_OUTPUT) {
      const drop = this.#text.length - KEPT_OUTPUT;
      this.#text = this.#text.slice(drop);
      this.#dropped += drop;
    }
  }

  text(): string {
    return this.#text;
  }

  mark(): number {
    return this.#dropped + this.#text.length;
  }

  since(mark: number): string {
    return this.#text.slice(Math.max(0, mark - this.#dropped));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    // SIGTERM lets the server exit normally, which is when node writes a --cpu-prof profile.
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts a node server as its own process (the load generator must not share its event loop) and waits until it listens. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(options.nodeArguments ?? []), options.script], {
    cwd: options.cwd ?? path.dirname(options.script),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Always drained: a server blocked on a full stdout pipe would measure the pipe.
  const output = new OutputTail();
  const append = (chunk: Buffer) => output.append(chunk.toString());
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new ServerStartError(options.label, output.text(), 'no ready line in time'));
    }, options.startTimeoutMs ?? 60_000);
    const lookForReadyLine = () => {
      const match = READY_LINE.exec(output.text());
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', lookForReadyLine);
      resolve(match[1]);
    };
    child.stdout?.on('data', lookForReadyLine);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new ServerStartError(options.label, output.text(), `exited with ${signal ?? code}`));
    });
  });
  if (child.pid === undefined) throw new ServerStartError(options.label, output.text(), 'no process id');
  let stopping = false;
  return {
    label: options.label,
    url,
    pid: child.pid,
    output: () => output.text(),
    outputMark: () => output.mark(),
    outputSince: (mark) => output.since(mark),
    exitStatus: () =>
      stopping || (child.exitCode === null && child.signalCode === null)
        ? undefined
        : `exited with ${child.signalCode ?? child.exitCode}`,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

/** Waits until the process prints a line matching `pattern`; throws with what it printed if it does not in time. */
export async function waitForOutput(server: ServerProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!pattern.test(server.output())) {
    const exit = server.exitStatus();
    if (exit || performance.now() > deadline) {
      throw new Error(
        `${server.label} printed no ${pattern} ${exit ? `(it ${exit})` : `in ${timeoutMs} ms`}: ${server.output().slice(-2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface LatchkeyServerOptions {
  databaseUrl: string;
  label?: string;
  env?: Record<string, string>;
  nodeArguments?: string[];
  /** Another checkout's built `server/` directory, to measure that revision with this bench (compare-revisions.ts). */
  serverDirectory?: string;
}

export function startLatchkey(options: LatchkeyServerOptions): Promise<ServerProcess> {
  return startServer({
    label: options.label ?? 'Latchkey',
    script: options.serverDirectory ? path.join(options.serverDirectory, 'dist/index.js') : serverEntryPoint,
    cwd: options.serverDirectory ?? serverDirectory,
    nodeArguments: [...productionNodeArguments(), ...(options.nodeArguments ?? [])],
    env: {
      DATABASE_URL: options.databaseUrl,
      // As quiet as bare Yoga; scenario 1L measures the default JSON request log on its own.
      LATCHKEY_LOG: 'off',
      // The bench account holds far more tokens than a person would.
      LATCHKEY_TOKEN_LIMIT: '2000000',
      // Revocation sampling sends a revoked token on purpose, hundreds of times, from one address.
      LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP: '1000000',
      // Scenarios 8 to 10 verify for one service far past the default 600,000 a minute per replica.
      LATCHKEY_RATE_LIMIT_SERVICE_REQUESTS: '1000000000',
      // Sign-up cost is not what we measure; scrypt at 2^12 keeps set-up short.
      LATCHKEY_SCRYPT_LOG_N: '12',
      ...options.env,
    },
  });
}

export function startBareYoga(nodeArguments: string[] = []): Promise<ServerProcess> {
  return startServer({ label: 'bare Yoga', script: path.join(import.meta.dirname, 'bare-yoga.mjs'), nodeArguments });
}

export interface BetterAuthStart {
  /** The SQLite file it migrates and uses. */
  databaseFile: string;
  /** Keys it creates through its server API before it listens, written with the session cookie to `seedFile`. */
  seedKeys: number;
  seedFile: string;
}

/** The peer (scenario 9): Better Auth's API-key plugin behind `GET /verify` on node:http (better-auth.mjs). */
export function startBetterAuth(options: BetterAuthStart): Promise<ServerProcess> {
  return startServer({
    label: 'Better Auth',
    script: path.join(import.meta.dirname, 'better-auth.mjs'),
    env: {
      BETTER_AUTH_DATABASE: options.databaseFile,
      BETTER_AUTH_SEED_KEYS: String(options.seedKeys),
      BETTER_AUTH_SEED_FILE: options.seedFile,
    },
    // Creating the keys comes before the ready line.
    startTimeoutMs: 180_000,
  });
}

/** examples/reports-api as `npm start` starts it (its build), verifying tokens against Latchkey at `latchkeyUrl`. */
export function startExampleService(latchkeyUrl: string, serviceKey: string): Promise<ServerProcess> {
  return startServer({
    label: 'reports-api',
    script: path.join(exampleServiceDirectory, 'dist/main.js'),
    cwd: exampleServiceDirectory,
    env: { LATCHKEY_URL: latchkeyUrl, LATCHKEY_SERVICE_ID: 'reports', LATCHKEY_SERVICE_KEY: serviceKey },
  });
}

/** The same service without authentication (reports-api-unauthenticated.mjs), scenario 10b's baseline. */
export function startUnauthenticatedExampleService(): Promise<ServerProcess> {
  return startServer({
    label: 'reports-api without authentication',
    script: path.join(import.meta.dirname, 'reports-api-unauthenticated.mjs'),
  });
}
