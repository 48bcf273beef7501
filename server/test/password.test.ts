import { describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from '../src/auth/password.js';

describe('password hashing', () => {
  it("defaults to OWASP's scrypt cost when the environment does not lower it", async () => {
    const lowered = process.env.LATCHKEY_SCRYPT_LOG_N;
    delete process.env.LATCHKEY_SCRYPT_LOG_N;
    try {
      vi.resetModules();
      const { config } = await import('../src/config.js');
      expect(config.scryptLogN).toBe(17);
    } finally {
      process.env.LATCHKEY_SCRYPT_LOG_N = lowered;
      vi.resetModules();
    }
  });

  it('stores scrypt with N=2^17, r=8, p=1 and a 16-byte salt, and verifies it', async () => {
    const hash = await hashPassword('correct horse battery', 17);
    const [algorithm, logN, r, p, salt] = hash.split('$');
    expect([algorithm, logN, r, p]).toEqual(['scrypt', '17', '8', '1']);
    expect(Buffer.from(salt as string, 'base64')).toHaveLength(16);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
  });

  it('verifies the right password and refuses any other', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash differently', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});
