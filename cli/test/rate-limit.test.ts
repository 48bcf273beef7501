import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LatchkeyRun, runLatchkey } from './support/run-latchkey.js';
import { type RunningServer, startLatchkeyServer } from './support/server.js';

describe('a server that turns away an address sending invalid tokens', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startLatchkeyServer({ LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP: '1' });
  });

  afterAll(() => server.stop());

  it('gets exit code 3 for the refused token, then 5 with the time to wait', async () => {
    const whoami = () => runLatchkey(['whoami', '--url', server.url, '--token', 'lkpat_not_a_real_token']);

    const first = await whoami();
    // The limit counts per fixed window: a window may end between two runs, so allow one more 401.
    let limited: LatchkeyRun = await whoami();
    if (limited.exitCode === 3) limited = await whoami();

    expect(first.exitCode).toBe(3);
    expect(limited.exitCode).toBe(5);
    expect(limited.stderr).toMatch(
      /^latchkey: the server is turning requests away \(HTTP 429\): .+ Try again in \d+ seconds?\.\n$/,
    );
  });
});
