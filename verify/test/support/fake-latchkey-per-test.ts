import { afterEach, beforeEach } from 'vitest';
import { createVerifier, type Verifier, type VerifierOptions } from '../../src/index.js';
import { type ActiveToken, FakeLatchkey } from './fake-latchkey.js';
import { wellFormedServiceKey, wellFormedToken } from './secrets.js';
import { verifierEvents } from './verifier-events.js';

/**
 * A new FakeLatchkey for every test of the file that calls this, with verifiers started against it and tokens
 * issued in it; both stopped after each test.
 */
export function fakeLatchkeyPerTest() {
  let latchkey: FakeLatchkey | undefined;
  const verifiers: Verifier[] = [];
  let tokenCount = 0;

  beforeEach(async () => {
    latchkey = await new FakeLatchkey().start();
  });

  afterEach(async () => {
    await Promise.all(verifiers.splice(0).map((verifier) => verifier.close()));
    await latchkey?.stop();
  });

  const current = (): FakeLatchkey => {
    if (!latchkey) throw new Error('The fake Latchkey runs only inside a test');
    return latchkey;
  };

  return {
    get latchkey(): FakeLatchkey {
      return current();
    },

    start(options: Partial<VerifierOptions> = {}) {
      const events = verifierEvents();
      const verifier = createVerifier({
        url: current().url,
        serviceId: 'reports',
        serviceKey: wellFormedServiceKey(),
        onEvent: events.onEvent,
        ...options,
      });
      verifiers.push(verifier);
      return { verifier, events };
    },

    issue(scope = 'reports:read', lifetimeSeconds = 3600): { secret: string; token: ActiveToken } {
      const secret = wellFormedToken();
      const token = {
        tokenId: `token-${++tokenCount}`,
        userId: 'user-1',
        scope,
        exp: Date.now() / 1000 + lifetimeSeconds,
      };
      current().tokens.set(secret, token);
      return { secret, token };
    },
  };
}
