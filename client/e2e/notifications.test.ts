import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { signUp } from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

interface ReceivedRequest {
  body: string;
  headers: IncomingHttpHeaders;
}

/** An endpoint in this process on loopback (the E2E server allows plain http there): answers 200 to everything. */
async function startReceiver() {
  const received: ReceivedRequest[] = [];
  const waiting: ((request: ReceivedRequest) => void)[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { body: Buffer.concat(chunks).toString('utf8'), headers: request.headers };
      received.push(entry);
      waiting.shift()?.(entry);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/latchkey`,
    received,
    /** The next request, or one that came already and nobody took. */
    nextRequest: (): Promise<ReceivedRequest> =>
      received.length > 0
        ? Promise.resolve(received[received.length - 1] as ReceivedRequest)
        : new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let browser: BrowserSession | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

afterEach(async () => {
  await browser?.close();
  await receiver?.close();
  browser = undefined;
  receiver = undefined;
});

describe('the notifications page', () => {
  it('keeps event choices, shows that email is off, and lists every event type', async () => {
    browser = await openBrowser();
    const { page } = browser;
    await signUp(page);
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Notifications' }).click();
    await page.waitForURL('**/settings/notifications');

    await page.getByText('Email is off on this server: the operator has not set LATCHKEY_SMTP_URL.').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Email for token.expiring' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Webhook for token.revoked' }).isChecked()).toBe(false);

    await page.getByRole('checkbox', { name: 'Webhook for token.revoked' }).check();
    await page.getByRole('status').filter({ hasText: 'Saved: token.revoked by webhook.' }).waitFor();
    await page.getByRole('checkbox', { name: 'Email for token.expiring' }).uncheck();
    await page.getByRole('status').filter({ hasText: 'Saved: token.expiring by neither email nor webhook.' }).waitFor();

    await page.reload();
    await page.getByRole('checkbox', { name: 'Webhook for token.revoked' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Webhook for token.revoked' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Email for token.expiring' }).isChecked()).toBe(false);
  });

  // The E2E server allows development endpoints (plain http to loopback, private addresses): not this one.
  it('refuses plain http to an address other than loopback, saying why', async () => {
    browser = await openBrowser();
    const { page } = browser;
    await signUp(page);
    await page.goto('/settings/notifications');
    const url = page.getByRole('textbox', { name: 'Endpoint URL' });
    await url.fill('http://10.0.0.1/hooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('Plain http:// is allowed only to loopback addresses (development); use https://.').waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('No endpoints yet.').waitFor();
  });

  it('adds an endpoint, shows its secret once, and delivers a signed test event the page reports as 200', async () => {
    receiver = await startReceiver();
    browser = await openBrowser();
    const { page } = browser;
    await signUp(page);
    await page.goto('/settings/notifications');

    await page.getByRole('textbox', { name: 'Endpoint URL' }).fill(receiver.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Webhook endpoint added' });
    await dialog.waitFor();
    const secret = await dialog.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: /Copied to the clipboard|Copying is blocked here/ })
      .waitFor();
    await dialog.getByRole('button', { name: 'I have saved it' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const card = page.getByRole('article', { name: receiver.url });
    await card.getByText('No deliveries yet.').waitFor();
    // Shown once: the page, reloaded, has the endpoint but nowhere its secret.
    await page.reload();
    await card.waitFor();
    expect(await page.content()).not.toContain(secret);

    await card.getByRole('button', { name: 'Send test event' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Test event sent to ${receiver.url}.` })
      .waitFor();
    const request = await receiver.nextRequest();
    const payload = new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(payload).toMatchObject({ type: 'webhook.test' });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
        request.body,
        request.headers as Record<string, string>,
      ),
    ).toThrow();

    const delivered = card.getByRole('row').filter({ hasText: 'webhook.test' });
    await delivered.filter({ hasText: 'Delivered' }).waitFor({ timeout: 20_000 });
    expect(await delivered.textContent()).toContain('200');

    await card.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete webhook endpoint?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByText('No endpoints yet.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('webhooks-title');
  });
});
