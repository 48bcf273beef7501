import { generateTokens, revokeToken } from '../latchkey-api.js';
import { compareWithBaseline } from '../load/compare.js';
import type { RefusalDelays, ServiceVerification } from '../results.js';
import type { Scale } from '../scale.js';
import type { ServerProcess } from '../servers/server-process.js';
import { PERMISSION } from '../verify-package.js';
import { baselineRequests } from './authenticated-read.js';
import { measureRefusalDelays } from './refusal-delay.js';

const serviceCredentials = (key: string) => `Basic ${Buffer.from(`reports:${key}`).toString('base64')}`;

/** Whether introspection calls the token active for the reports service; any answer but a 200 throws. */
async function introspectionActive(server: ServerProcess, secret: string, serviceKey: string): Promise<boolean> {
  const introspected = await fetch(`${new URL(server.url).origin}/oauth/introspect`, {
    method: 'POST',
    headers: { authorization: serviceCredentials(serviceKey), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: secret }).toString(),
  });
  const body = (await introspected.json()) as { active?: boolean };
  if (introspected.status !== 200)
    throw new Error(`introspection answered ${introspected.status} ${JSON.stringify(body)}`);
  return body.active === true;
}

/** Checks one request per endpoint before timing any, so a refusal fails the scenario instead of timing 401s. */
async function expectAccepted(server: ServerProcess, secret: string, serviceKey: string): Promise<void> {
  const origin = new URL(server.url).origin;
  if (!(await introspectionActive(server, secret, serviceKey)))
    throw new Error('introspection called a valid token inactive');
  const verified = await fetch(`${origin}/verify?service=reports&permission=reports:read`, {
    headers: { 'x-latchkey-service-key': serviceKey, authorization: `Bearer ${secret}` },
  });
  await verified.arrayBuffer();
  if (verified.status !== 200) throw new Error(`forward auth answered ${verified.status}`);
}

/** A reports service introspecting each token: RFC 7662's form-encoded POST with HTTP Basic. */
export function introspectionRequests(secrets: readonly string[], serviceKey: string) {
  return secrets.map((secret) => ({
    method: 'POST' as const,
    path: '/oauth/introspect',
    headers: { authorization: serviceCredentials(serviceKey), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: secret }).toString(),
  }));
}

/** nginx's auth_request asking whether each token may read reports. */
export function forwardAuthRequests(secrets: readonly string[], serviceKey: string) {
  return secrets.map((secret) => ({
    method: 'GET' as const,
    path: '/verify?service=reports&permission=reports:read',
    headers: { 'x-latchkey-service-key': serviceKey, authorization: `Bearer ${secret}` },
  }));
}

/**
 * Scenario 8: the endpoints the operator's services call, with rotating valid tokens among a million, against
 * bare Yoga's `{ hello }` in the same minutes. Each request is a service verifying a client's token: RFC 7662
 * introspection (form-encoded POST, HTTP Basic), and forward auth as nginx's auth_request sends it.
 */
export async function measureServiceVerification(
  scale: Scale,
  baseline: ServerProcess,
  server: ServerProcess,
  secrets: readonly string[],
  serviceKey: string,
): Promise<ServiceVerification> {
  for (const secret of secrets) await expectAccepted(server, secret, serviceKey);
  const baselineTarget = { server: baseline, requests: baselineRequests(baseline) };
  return {
    tokens: secrets.length,
    introspection: await compareWithBaseline(scale, baselineTarget, {
      server,
      requests: introspectionRequests(secrets, serviceKey),
    }),
    forwardAuth: await compareWithBaseline(scale, baselineTarget, {
      server,
      requests: forwardAuthRequests(secrets, serviceKey),
    }),
  };
}

/**
 * Scenario 9c, beside Better Auth's 9b: how long after `revokeToken` answers introspection first calls the token
 * inactive, on the same server (tokens holding reports:read, generated through the API for the purpose).
 */
export async function measureRevokedTokenRefusal(
  scale: Scale,
  server: ServerProcess,
  cookie: string,
  serviceKey: string,
): Promise<RefusalDelays> {
  const tokens = await generateTokens(server.url, cookie, scale.propagation.samples, 'revoked-refusal', [PERMISSION]);
  return measureRefusalDelays(
    scale,
    'Latchkey introspection',
    tokens.map((token) => ({
      accepted: () => introspectionActive(server, token.secret, serviceKey),
      remove: () => revokeToken(server.url, cookie, token.id),
    })),
  );
}
