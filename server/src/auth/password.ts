import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { config } from '../config.js';
import { passwordHashingQueue } from './hashing-queue.js';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const KEY_LENGTH = 64;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function scryptOptions(logN: number) {
  const N = 2 ** logN;
  // scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is below OWASP's cost.
  return { N, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * N * BLOCK_SIZE };
}

/** Format: `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` so the cost can rise without breaking old hashes. */
export async function hashPassword(password: string, logN = config.scryptLogN): Promise<string> {
  const salt = randomBytes(16);
  const key = await passwordHashingQueue.run(() =>
    scryptAsync(password.normalize('NFKC'), salt, KEY_LENGTH, scryptOptions(logN)),
  );
  return ['scrypt', logN, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, logN, r, p, salt, key] = stored.split('$');
  if (algorithm !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const options = { ...scryptOptions(Number(logN)), r: Number(r), p: Number(p) };
  options.maxmem = 256 * options.N * options.r;
  const actual = await passwordHashingQueue.run(() =>
    scryptAsync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, options),
  );
  return timingSafeEqual(actual, expected);
}

/** Whether two passwords are the same once normalised as they are for hashing. */
export function isSamePassword(first: string, second: string): boolean {
  return first.normalize('NFKC') === second.normalize('NFKC');
}

let decoyHash: Promise<string> | undefined;

/** Hash work for a sign-in with an unknown email, so response time does not reveal which emails exist. */
export async function spendPasswordCheckTime(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy password that never matches');
  await verifyPassword(password, await decoyHash);
  return false;
}
