import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporaryDirectory } from './run-latchkey.js';

export function hasShell(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

/** Runs `program` in `shell` with `script` saved to a file whose path is `$1`; what it prints, or a thrown failure. */
export function runInShell(
  shell: 'bash' | 'zsh' | 'fish',
  script: string,
  program: string,
  args: string[] = [],
): string {
  const file = path.join(temporaryDirectory(), `completion.${shell}`);
  writeFileSync(file, script);
  // fish has no "$0": its arguments are all in $argv.
  const shellArgs =
    shell === 'fish' ? ['--no-config', '-c', program, file, ...args] : ['-c', program, shell, file, ...args];
  const run = spawnSync(shell, shellArgs, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: path.dirname(file) },
  });
  if (run.status !== 0) throw new Error(`${shell} exited with ${run.status}:\n${run.stderr}`);
  return run.stdout;
}
