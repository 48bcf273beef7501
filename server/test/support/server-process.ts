import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from '../../src/config.js';

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** What it printed on stdout alone. */
  stdout: () => string;
  stop: () => Promise<void>;
}

/** The real server entry point as its own process, on any free port unless `env` says otherwise. */
function spawnServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'server/src/index.ts')], {
    cwd: path.join(repositoryRoot, 'server'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the server until it exits by itself (a refused start); its exit code and everything it printed. */
export function runServerUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawnServer(env);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ code, output }));
    // A server that started anyway is a failure of the test, not a hang.
    setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
  });
}

/** Starts the real server entry point as its own process and waits for its ready line. */
export async function startServerProcess(env: Record<string, string>): Promise<RunningServer> {
  const child = spawnServer(env);
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // As a line of its own (LATCHKEY_LOG=off) or in a JSON one.
      const match = /ready at (https?:\/\/[^\s"]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    process: child,
    output: () => output,
    stdout: () => stdout,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
