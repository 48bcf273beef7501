import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { benchDirectory } from '../paths.js';
import type { Scale } from '../scale.js';
import type { VerifierMicroResult } from './verifier-micro.js';

/**
 * Scenario 4: runs the verifier micro-benchmark in a fresh process against the seeded database (the server
 * must be stopped), so its CPU accounting contains nothing but verification.
 */
export async function measureTokenVerification(
  scale: Scale,
  databaseUrl: string,
  secrets: { miss: string[]; hit: string[] },
): Promise<VerifierMicroResult> {
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-verifier-'));
  try {
    const inputFile = path.join(directory, 'input.json');
    writeFileSync(
      inputFile,
      JSON.stringify({
        missSecrets: secrets.miss,
        hitSecrets: secrets.hit,
        hitVerifications: scale.verifier.hitVerifications,
      }),
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'verifier-micro.ts'), inputFile],
      {
        cwd: benchDirectory,
        env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const lastLine = stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(lastLine) as VerifierMicroResult;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
