import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLatchkeyServer, TOKEN_LIMIT } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    latchkeyUrl: string;
    databaseFile: string;
    scratchDirectory: string;
  }
}

/** One server for the run; every test signs up an account of its own, so tests share nothing else. */
export default async function startServerForTheRun(project: TestProject) {
  const scratchDirectory = mkdtempSync(path.join(tmpdir(), 'latchkey-cli-scratch-'));
  const server = await startLatchkeyServer({ LATCHKEY_TOKEN_LIMIT: String(TOKEN_LIMIT) });
  project.provide('latchkeyUrl', server.url);
  project.provide('databaseFile', server.databaseFile);
  project.provide('scratchDirectory', scratchDirectory);
  return async () => {
    await server.stop();
    rmSync(scratchDirectory, { recursive: true, force: true });
  };
}
