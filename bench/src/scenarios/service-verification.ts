import { compareWithBaseline } from '../load/compare.js';
import type { ServiceVerification } from '../results.js';
import type { Scale } from '../scale.js';
import type { ServerProcess } from '../servers/server-process.js';
import { baselineRequests } from './authenticated-read.js';

const serviceCredentials = (key: string) => `Basic ${Buffer.from(`reports:${key}`).toString('base64')}`;

/** Checks one request per endpoint before timing any, so a refusal fails the scenario instead of timing 401s. */
async function expectAccepted(server: ServerProcess, secret: string, serviceKey: string): Promise<void> {
  const origin = new URL(server.url).origin;
  const introspected = await fetch(`${origin}/oauth/introspect`, {
    method: 'POST',
    headers: { authorization: serviceCredentials(serviceKey), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: secret }).toString(),
  });
  const body = (await introspected.json()) as { active?: boolean };
  if (!body.active) throw new Error(`introspection answered ${introspected.status} ${JSON.stringify(body)}`);
  const verified = await fetch(`${origin}/verify?service=reports&permission=reports:read`, {
    headers: { 'x-latchkey-service-key': serviceKey, authorization: `Bearer ${secret}` },
  });
  await verified.arrayBuffer();
  if (verified.status !== 200) throw new Error(`forward auth answered ${verified.status}`);
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
  const introspectionRequests = secrets.map((secret) => ({
    method: 'POST' as const,
    path: '/oauth/introspect',
    headers: { authorization: serviceCredentials(serviceKey), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: secret }).toString(),
  }));
  const forwardAuthRequests = secrets.map((secret) => ({
    method: 'GET' as const,
    path: '/verify?service=reports&permission=reports:read',
    headers: { 'x-latchkey-service-key': serviceKey, authorization: `Bearer ${secret}` },
  }));
  const baselineTarget = { server: baseline, requests: baselineRequests(baseline) };
  return {
    tokens: secrets.length,
    introspection: await compareWithBaseline(scale, baselineTarget, { server, requests: introspectionRequests }),
    forwardAuth: await compareWithBaseline(scale, baselineTarget, { server, requests: forwardAuthRequests }),
  };
}
