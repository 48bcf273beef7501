import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { serverDirectory } from './paths.js';

/**
 * Mints a key of a catalogue service on the database at `databaseUrl` as an operator does, with the server's
 * `npm run service-key -- create <service>` (server/scripts/service-key.ts), and returns the printed secret.
 */
export async function createServiceKey(databaseUrl: string, serviceId: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/service-key.ts', 'create', serviceId],
    { cwd: serverDirectory, env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  const key = /\blksvc_\S+/.exec(stdout)?.[0];
  if (!key) throw new Error(`service-key create printed no key: ${stdout.slice(0, 500)}`);
  return key;
}
