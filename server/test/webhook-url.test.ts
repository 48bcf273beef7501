import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from '../src/notifications/webhook-url.js';

const development = { allowHttpWebhooks: true };
const production = { allowHttpWebhooks: false };

describe('webhook URLs', () => {
  it('accepts https to a public address as written', async () => {
    expect(await checkWebhookUrl(' https://1.1.1.1/hooks?source=latchkey ', production)).toBe(
      'https://1.1.1.1/hooks?source=latchkey',
    );
  });

  it('accepts plain http to loopback only when the development flag is set', async () => {
    expect(await checkWebhookUrl('http://127.0.0.1:8080/hooks', development)).toBe('http://127.0.0.1:8080/hooks');
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hooks', production)).rejects.toThrow(
      'The URL must start with https:// (not http://)',
    );
    await expect(checkWebhookUrl('http://10.0.0.1/hooks', development)).rejects.toThrow(
      'Plain http:// is allowed only to loopback addresses (development); use https://.',
    );
  });

  it('accepts https to private addresses only when the development flag is set', async () => {
    expect(await checkWebhookUrl('https://10.0.0.1/hooks', development)).toBe('https://10.0.0.1/hooks');
    await expect(checkWebhookUrl('https://192.168.1.1/hooks', production)).rejects.toThrow(
      '192.168.1.1 is a private address: webhooks may only go to public addresses.',
    );
    await expect(checkWebhookUrl('https://[::ffff:10.0.0.1]/hooks', production)).rejects.toThrow(
      'is a private address',
    );
  });

  it('refuses URLs longer than 2048 characters', async () => {
    await expect(checkWebhookUrl(`https://1.1.1.1/${'a'.repeat(2048)}`, production)).rejects.toThrow(
      'The URL is longer than 2048 characters.',
    );
  });
});
