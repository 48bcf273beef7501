import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot } from './paths.js';

export interface RunningServer {
  url: string;
  databaseFile: string;
  stop(): Promise<void>;
}

// The start line is JSON when the log is on: the URL ends at a quote as well as at a space.
const READY_PATTERN = /Latchkey ready at ([^\s"]+)/;

/** The services and permissions the test server declares, beside Latchkey's own. */
const TEST_CATALOGUE_FILE = path.join(import.meta.dirname, 'catalogue.json');

/** Tokens an account may hold on the test server: lower than the default, so reaching it is quick. */
export const TOKEN_LIMIT = 30;

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** The real API on a free port, with a database of its own that is deleted on stop. */
export async function startLatchkeyServer(environment: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(path.join(repositoryRoot, 'server/src/generated/prisma'))) {
    throw new Error('The server has no generated Prisma client: run "npm run generate" at the repository root first');
  }
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-cli-test-'));
  const databaseFile = path.join(directory, 'latchkey.db');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'server/src/index.ts')], {
    cwd: repositoryRoot,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${databaseFile}`,
      LATCHKEY_CONFIG: TEST_CATALOGUE_FILE,
      LATCHKEY_SCRYPT_LOG_N: '12',
      // Every test signs up from 127.0.0.1; the rate limits meant for the internet would stop the run.
      LATCHKEY_RATE_LIMIT_SIGN_UP_IP: '100000',
      LATCHKEY_RATE_LIMIT_SIGNED_IN_IP: '100000',
      LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP: '100000',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const handleOutput = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = READY_PATTERN.exec(output);
      if (ready?.[1]) resolve(ready[1]);
    };
    child.stdout?.on('data', handleOutput);
    child.stderr?.on('data', handleOutput);
    child.once('exit', (code) => reject(new Error(`The server exited (${code}) before it was ready:\n${output}`)));
  });

  return {
    url,
    databaseFile,
    async stop() {
      child.kill('SIGTERM');
      await waitForExit(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
