/**
 * Scenario 10a, run as its own process (input file as the argument): the CPU cost of @latchkey/verify's `verify`
 * on a cache hit, as a service calls it with the request's Authorization header and a permission. Prints one
 * JSON line.
 */
import { readFileSync } from 'node:fs';
import type { VerifierCacheHit } from '../results.js';
import { connectedVerifier, expectVerified, PERMISSION, SERVICE_ID } from '../verify-package.js';
import { measureVerificationCost } from './verification-cost.js';

interface MicroInput {
  url: string;
  serviceKey: string;
  secrets: string[];
  verifications: number;
}

async function main() {
  const inputFile = process.argv[2];
  if (!inputFile) throw new Error('usage: verify-package-micro.ts <input.json>');
  const input = JSON.parse(readFileSync(inputFile, 'utf8')) as MicroInput;
  // Every request the verifier sends to introspection is counted: a timed verification must send none.
  let introspections = 0;
  const countingFetch: typeof fetch = (resource, init) => {
    if (String(resource instanceof Request ? resource.url : resource).includes('/oauth/introspect')) introspections++;
    return fetch(resource, init);
  };
  const verifier = await connectedVerifier({
    url: input.url,
    serviceId: SERVICE_ID,
    serviceKey: input.serviceKey,
    fetch: countingFetch,
  });
  try {
    await expectVerified(verifier, input.secrets);
    if (introspections < input.secrets.length) {
      throw new Error(`${input.secrets.length} first verifications asked introspection ${introspections} times`);
    }
    const headers = input.secrets.map((secret) => `Bearer ${secret}`);
    const verifyOne = async (index: number) =>
      (await verifier.verify(headers[index % headers.length] ?? '', { permission: PERMISSION })).ok;
    // The JIT optimises the hit path before it is timed.
    for (let round = 0; round < 5; round++) await measureVerificationCost(headers.length * 20, verifyOne);
    const before = introspections;
    const hit = await measureVerificationCost(input.verifications, verifyOne);
    if (introspections !== before) {
      throw new Error(`timed verifications asked introspection ${introspections - before} times: not cache hits`);
    }
    const result: VerifierCacheHit = { tokens: headers.length, ...hit };
    console.log(JSON.stringify(result));
  } finally {
    await verifier.close();
  }
}

await main();
