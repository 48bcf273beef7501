import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { benchDirectory } from '../paths.js';

/**
 * Runs a micro-benchmark script of this directory in a fresh process, so its CPU accounting contains nothing
 * but what it measures: `input` goes in as a JSON file (its argument), the result comes back as the last line
 * the script prints.
 */
export async function runInOwnProcess<Result>(
  script: string,
  input: unknown,
  env: Record<string, string> = {},
): Promise<Result> {
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-micro-'));
  try {
    const inputFile = path.join(directory, 'input.json');
    writeFileSync(inputFile, JSON.stringify(input));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, script), inputFile],
      {
        cwd: benchDirectory,
        env: { ...process.env, NODE_ENV: 'production', ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const lastLine = stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(lastLine) as Result;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
