import { uiForwardingHeaders } from '@latchkey/rules';
import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { uiForwardingKey } from '../src/http/ui-forwarding.js';
import { createTestApp, localId } from './support/app.js';

// The settings UI's server calls the API for browsers without JavaScript: the API must see the browser's address
// (per-address limits, audit), but only when the call proves it comes from the UI this process mounts.
async function generatedFrom(headers: Record<string, string>) {
  const app = createTestApp();
  const person = await app.signUp();
  const { id } = await app.generateToken({ cookie: person.cookie, headers, remoteAddress: '127.0.0.1' });
  const event = await db.auditEvent.findFirst({ where: { tokenId: localId(id), action: 'TOKEN_GENERATED' } });
  return event?.ip;
}

describe("the browser's address passed on by the settings UI", () => {
  it('is taken from a call carrying this process’s key', async () => {
    expect(
      await generatedFrom({ [uiForwardingHeaders.key]: uiForwardingKey, [uiForwardingHeaders.peer]: '198.51.100.23' }),
    ).toBe('198.51.100.23');
  });

  it('is ignored without the key, with another key, or when it is not an address', async () => {
    expect(await generatedFrom({ [uiForwardingHeaders.peer]: '198.51.100.23' })).toBe('127.0.0.1');
    expect(
      await generatedFrom({ [uiForwardingHeaders.key]: 'x'.repeat(43), [uiForwardingHeaders.peer]: '198.51.100.23' }),
    ).toBe('127.0.0.1');
    expect(
      await generatedFrom({ [uiForwardingHeaders.key]: uiForwardingKey, [uiForwardingHeaders.peer]: 'somewhere' }),
    ).toBe('127.0.0.1');
  });
});
