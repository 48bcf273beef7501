import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { UsageError } from './failures.js';

/** What `latchkey login` remembers: a token, and the API it belongs to. */
export interface StoredLogin {
  url: string;
  token: string;
}

const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

export function configFilePath(environment: NodeJS.ProcessEnv): string {
  if (environment.LATCHKEY_CONFIG_DIR) return path.resolve(environment.LATCHKEY_CONFIG_DIR, 'config.json');
  const configHome = environment.XDG_CONFIG_HOME || path.join(environment.HOME || homedir(), '.config');
  return path.resolve(configHome, 'latchkey', 'config.json');
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function isStoredLogin(value: unknown): value is StoredLogin {
  const candidate = value as Partial<StoredLogin> | null;
  return typeof candidate?.url === 'string' && typeof candidate.token === 'string';
}

/** Null when there is no file. `warn` hears about a file other users could read. */
export async function readStoredLogin(file: string, warn: (message: string) => void): Promise<StoredLogin | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!isStoredLogin(parsed)) {
    throw new UsageError(`${file} is not a Latchkey login; run "latchkey logout" to remove it`);
  }
  if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) {
    warn(`${file} can be read by other users; run: chmod 600 '${file}'`);
  }
  return parsed;
}

/** Writes a private file (0600, in a 0700 directory it creates) and renames it into place. */
export async function storeLogin(file: string, login: StoredLogin): Promise<void> {
  const directory = path.dirname(file);
  const created = await mkdir(directory, { recursive: true, mode: DIRECTORY_MODE });
  if (created !== undefined) await chmod(directory, DIRECTORY_MODE);
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', FILE_MODE);
  try {
    await handle.chmod(FILE_MODE);
    await handle.writeFile(`${JSON.stringify(login, null, 2)}\n`);
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** True when there was a file to remove. */
export async function removeStoredLogin(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}
