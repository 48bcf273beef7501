import { spawn, spawnSync } from 'node:child_process';
import { cliBin } from './paths.js';
import { expectNoSecretPrinted, latchkeyEnvironment } from './run-latchkey.js';

/** util-linux `script` gives the CLI a pseudo-terminal; without it, the terminal tests are skipped. */
export const hasPseudoTerminal = spawnSync('script', ['--version']).status === 0;

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

export interface TerminalRun {
  exitCode: number | null;
  /** Everything the terminal showed: standard output and error, and any echo of what was typed. */
  screen: string;
}

/**
 * Runs latchkey on a pseudo-terminal and types `reply` once `prompt` is on the screen, as a person
 * would; typing before the prompt could be echoed by the terminal before the CLI turns echo off.
 */
export function runLatchkeyInTerminal(
  args: readonly string[],
  conversation: { prompt: string; reply: string },
  environment: Record<string, string | undefined> = {},
): Promise<TerminalRun> {
  const command = ['exec', shellQuote(process.execPath), shellQuote(cliBin), ...args.map(shellQuote)].join(' ');
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    env: latchkeyEnvironment(environment),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let replied = false;
  const handleOutput = (chunk: Buffer) => {
    screen += chunk.toString();
    if (!replied && screen.includes(conversation.prompt)) {
      replied = true;
      child.stdin.write(conversation.reply);
    }
  };
  child.stdout.on('data', handleOutput);
  child.stderr.on('data', handleOutput);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => {
      expectNoSecretPrinted(args, { stdout: screen });
      resolve({ exitCode, screen });
    });
  });
}
