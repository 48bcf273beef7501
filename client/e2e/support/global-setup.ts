import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const clientDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverDirectory = path.resolve(clientDirectory, '../server');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The UI and the API on one origin, e.g. http://127.0.0.1:41234 */
    baseURL: string;
    /** The SQLite file behind the API, to arrange states the UI cannot create (an expired token). */
    databaseFile: string;
  }
}

/** Starts a process and resolves with the first match of `ready` in its output. */
function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp }) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const match = new Promise<RegExpMatchArray>((resolve, reject) => {
    const handleData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(options.ready);
      if (found) resolve(found);
    };
    child.stdout.on('data', handleData);
    child.stderr.on('data', handleData);
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${output}`)));
  });
  return { child, match };
}

export function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(clientDirectory, 'build/handler.js'))) {
    throw new Error('client/build is missing: run `npm run build` (npm test does) before the end-to-end tests.');
  }
  // The Prisma client is generated, not committed; `npm test -w @latchkey/client` may run before turbo's generate.
  execFileSync(path.resolve(serverDirectory, '../node_modules/.bin/prisma'), ['generate'], {
    cwd: serverDirectory,
    stdio: 'ignore',
  });

  const directory = await mkdtemp(path.join(tmpdir(), 'latchkey-e2e-'));
  const databaseFile = path.join(directory, 'latchkey.db');
  let running: RunningLatchkey | undefined;

  try {
    running = await startLatchkey(databaseFile);
    project.provide('baseURL', running.baseURL);
    project.provide('databaseFile', databaseFile);
  } catch (error) {
    await running?.stop();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }

  return async () => {
    await running?.stop();
    await rm(directory, { recursive: true, force: true });
  };
}

export interface RunningLatchkey {
  /** The UI and the API on one origin. */
  baseURL: string;
  /** The API process's own address, where services call `/verify` and `/oauth/introspect`. */
  apiOrigin: string;
  /** What the API process was started with (its database, its catalogue file), for the operator's scripts. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * Starts the API on `databaseFile` and the UI in front of it. `environment` adds to or overrides the API's settings:
 * a test needing other policies gives its own catalogue file (LATCHKEY_CONFIG) and gets servers of its own.
 */
export async function startLatchkey(
  databaseFile: string,
  environment: NodeJS.ProcessEnv = {},
): Promise<RunningLatchkey> {
  let api: ChildProcess | undefined;
  let ui: ChildProcess | undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${databaseFile}`,
    LATCHKEY_SCRYPT_LOG_N: '12',
    // Every test signs up from 127.0.0.1, and some check that refused tokens get 401.
    LATCHKEY_RATE_LIMIT_SIGN_UP_IP: '10000',
    LATCHKEY_RATE_LIMIT_SIGN_IN_IP: '10000',
    LATCHKEY_RATE_LIMIT_SIGNED_IN_IP: '10000',
    LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP: '10000',
    LATCHKEY_LOG: 'off',
    // The notifications test's webhook receiver listens on plain http on 127.0.0.1, in the test process.
    LATCHKEY_ALLOW_HTTP_WEBHOOKS: 'true',
    INIT_CWD: serverDirectory,
    ...environment,
  };
  try {
    const apiProcess = start(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: serverDirectory,
      env,
      ready: /Latchkey ready at (http:\/\/\S+\/graphql)/,
    });
    api = apiProcess.child;
    const [, apiUrl] = await apiProcess.match;

    const uiProcess = start(process.execPath, ['e2e/support/serve.js'], {
      cwd: clientDirectory,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LATCHKEY_E2E_API_URL: apiUrl, ORIGIN: undefined },
      ready: /Latchkey UI ready at (http:\/\/\S+)\//,
    });
    ui = uiProcess.child;
    const [, baseURL] = await uiProcess.match;
    return {
      baseURL: baseURL as string,
      apiOrigin: new URL(apiUrl as string).origin,
      env,
      stop: async () => {
        await Promise.all([stop(ui), stop(api)]);
      },
    };
  } catch (error) {
    await Promise.all([stop(ui), stop(api)]);
    throw error;
  }
}
