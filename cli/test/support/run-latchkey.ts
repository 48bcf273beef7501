import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { cliBin } from './paths.js';
import { leakedSecretIn } from './secrets.js';

export interface LatchkeyRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface LatchkeyRunOptions {
  /** Variables to set, or to unset with undefined, over a clean environment pointing at the test server. */
  environment?: Record<string, string | undefined>;
  /** Written to standard input, which is then closed: a pipe, not a terminal. */
  input?: string;
  /** An installed `latchkey` to run as it is (through its #! line), instead of the built bundle under Node. */
  executable?: string;
  /** The one known secret this command is meant to print on standard output, such as `auth token`'s. */
  printsSecret?: string;
}

/** A new directory inside the run's scratch directory, which is removed when the run ends. */
export function temporaryDirectory(): string {
  return mkdtempSync(path.join(inject('scratchDirectory'), 'test-'));
}

/** A clean environment: nothing from the developer's own shell (their LATCHKEY_TOKEN, their config) leaks in. */
export function latchkeyEnvironment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // HOME need not exist: nothing is written there unless a test logs in, and that test sets LATCHKEY_CONFIG_DIR.
  const home = path.join(inject('scratchDirectory'), `home-${randomUUID()}`);
  const environment: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LATCHKEY_CONFIG_DIR: path.join(home, 'latchkey-config'),
    LATCHKEY_URL: inject('latchkeyUrl'),
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete environment[name];
    else environment[name] = value;
  }
  return environment;
}

export function expectNoSecretPrinted(
  args: readonly string[],
  output: { stdout?: string; stderr?: string },
  printsSecret?: string,
) {
  for (const [stream, text] of Object.entries(output)) {
    const shown = stream === 'stdout' && printsSecret ? text?.replaceAll(printsSecret, '') : text;
    if (shown !== undefined && leakedSecretIn(shown)) {
      throw new Error(`"latchkey ${args[0] ?? ''} ..." printed a token secret on ${stream}`);
    }
  }
}

/** Runs the real `latchkey` bin as a child process, as a person or a CI job would. */
export function runLatchkey(args: readonly string[], options: LatchkeyRunOptions = {}): Promise<LatchkeyRun> {
  const [command, commandArgs] = options.executable
    ? [options.executable, args]
    : [process.execPath, [cliBin, ...args]];
  const child = spawn(command, commandArgs, {
    env: latchkeyEnvironment(options.environment),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => {
      // A token this run creates is not remembered yet, so its secret may be on stdout; no other may.
      expectNoSecretPrinted(args, { stdout, stderr }, options.printsSecret);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
