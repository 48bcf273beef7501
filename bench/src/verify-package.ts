import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { verifyPackageEntryPoint } from './paths.js';

/**
 * The part of @latchkey/verify the bench calls, loaded from the package's build at run time. Declared here, as
 * server-build.ts declares the server's modules, so the bench type-checks before the package is built.
 */
export type VerifyResult =
  | { readonly ok: true; readonly principal: { readonly tokenId: string; readonly permissions: readonly string[] } }
  | { readonly ok: false; readonly error: 'invalid_token' | 'insufficient_scope' | 'unavailable' };

export interface Verifier {
  verify(authorizationOrSecret: string, options?: { permission?: string }): Promise<VerifyResult>;
  readonly streamState: string;
  close(): Promise<void>;
}

export type VerifierEvent = { type: string; reason?: string };

export interface VerifierOptions {
  url: string;
  serviceId: string;
  serviceKey: string;
  onEvent?: (event: VerifierEvent) => void;
  fetch?: typeof fetch;
}

interface VerifyPackage {
  createVerifier(options: VerifierOptions): Verifier;
}

/** The example catalogue's service and permission the verifier scenarios verify for. */
export const SERVICE_ID = 'reports';
export const PERMISSION = 'reports:read';

async function verifyPackage(): Promise<VerifyPackage> {
  if (!existsSync(verifyPackageEntryPoint)) {
    throw new Error(`No build of @latchkey/verify at ${verifyPackageEntryPoint}: run \`npx turbo run build\``);
  }
  return (await import(pathToFileURL(verifyPackageEntryPoint).href)) as VerifyPackage;
}

/**
 * A verifier whose revocation stream is open, or an error saying why it did not open in time (a wrong key, no
 * stream endpoint): measuring a verifier that hears of no revocation would time something else.
 */
export async function connectedVerifier(
  options: Omit<VerifierOptions, 'onEvent'>,
  timeoutMs = 10_000,
): Promise<Verifier> {
  const { createVerifier } = await verifyPackage();
  const losses: string[] = [];
  let ready: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const verifier = createVerifier({
    ...options,
    onEvent: (event) => {
      if (event.type === 'stream_ready') ready();
      if (event.type === 'stream_lost') losses.push(event.reason ?? 'no reason given');
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), timeoutMs);
  });
  const outcome = await Promise.race([opened, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timed out') {
    await verifier.close();
    const reasons = [...new Set(losses)].join('; ') || 'no answer';
    throw new Error(`the verifier's revocation stream from ${options.url} did not open in ${timeoutMs} ms: ${reasons}`);
  }
  return verifier;
}

/** Verifies each secret once with the permission, so that a refusal fails the scenario before anything is timed. */
export async function expectVerified(verifier: Verifier, secrets: readonly string[]): Promise<void> {
  for (const secret of secrets) {
    const result = await verifier.verify(secret, { permission: PERMISSION });
    if (!result.ok) throw new Error(`the verifier refused a valid token holding ${PERMISSION}: ${result.error}`);
  }
}
