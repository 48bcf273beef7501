import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  baseURL: string;
  /** Content-Security-Policy violations in any page of this browser. `close()` fails while there are any. */
  cspViolations: string[];
  /** Console errors of any page, for tests that expect a clean console. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Runs in every page before its own scripts: reports each CSP violation with what was refused and where. */
function reportCspViolations() {
  const report = (window as unknown as { reportCspViolation: (description: string) => void }).reportCspViolation;
  addEventListener(
    'securitypolicyviolation',
    (event) => {
      const blocked = event.blockedURI || 'inline';
      const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
      report(`${event.effectiveDirective} refused ${blocked}${where} on ${location.pathname}: ${event.sample}`);
    },
    { capture: true },
  );
}

/** Real headless Chromium with a fresh profile, so no cookie or stored theme leaks between tests. */
export async function openBrowser(
  options: {
    colorScheme?: 'light' | 'dark';
    javaScriptEnabled?: boolean;
    /** Another Latchkey than the suite's (global-setup.ts `startLatchkey`). */
    baseURL?: string;
  } = {},
): Promise<BrowserSession> {
  const baseURL = options.baseURL ?? inject('baseURL');
  const profile = await mkdtemp(path.join(tmpdir(), 'latchkey-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    baseURL,
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    acceptDownloads: true,
  });
  const cspViolations: string[] = [];
  const consoleErrors: string[] = [];
  await context.exposeBinding('reportCspViolation', (_source, description: string) => {
    cspViolations.push(description);
  });
  await context.addInitScript(reportCspViolations);
  context.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    baseURL,
    cspViolations,
    consoleErrors,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`The page threw: ${errors.join('\n')}`);
      if (cspViolations.length > 0) throw new Error(`Content-Security-Policy violations:\n${cspViolations.join('\n')}`);
    },
  };
}
