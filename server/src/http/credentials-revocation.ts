import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { config } from '../config.js';
import { logEvent } from '../logging/logger.js';
import { addressSubject } from '../security/address-subject.js';
import { LeasedRateLimiter } from '../security/rate-limit-leases.js';
import type { RateLimitRule } from '../security/rate-limits.js';
import { MAX_REPORTED_SECRETS, revokeLeakedSecrets } from '../tokens/leaked-secrets.js';
import { readBodyUpTo } from './request-body.js';
import { incomingRequestOrigin } from './request-origin.js';
import { answer } from './service-requests.js';

export const CREDENTIALS_REVOCATION_PATH = '/credentials/revoke';

/** 1,000 secrets of 44 characters, quoted and separated, are about 47 KB; room for whitespace and `source`. */
const MAX_BODY_BYTES = 128 * 1024;

const MAX_SOURCE_LENGTH = 2048;

// The same bytes whether none, some or all of the candidates were live secrets.
const ACCEPTED = '{"status":"accepted"}';

const reportsPerAddress: RateLimitRule = {
  name: 'credential-reports:ip',
  limit: config.credentialReportsPerIpPerHour,
  windowSeconds: 60 * 60,
};

// Counted in the shared database, so the limit holds however many replicas the reports are spread over.
const reportLimiter = new LeasedRateLimiter();

const NOT_STRINGS = 'credentials must be an array of strings.';
const BAD_SOURCE = `source must be one line of text of at most ${MAX_SOURCE_LENGTH} characters.`;

// Fields other than these two are ignored, so reporters may send what their scanner has.
const credentialReport = z.object(
  {
    credentials: z
      .array(z.string({ error: NOT_STRINGS }), { error: NOT_STRINGS })
      .max(MAX_REPORTED_SECRETS, `Send at most ${MAX_REPORTED_SECRETS} credentials per request.`),
    source: z
      .string({ error: BAD_SOURCE })
      .max(MAX_SOURCE_LENGTH, BAD_SOURCE)
      // The owner is shown it: one line of text.
      .regex(/^\P{Cc}*$/u, BAD_SOURCE)
      .nullish(),
  },
  { error: 'Send a JSON object: {"credentials": ["lkpat_…", …], "source": "https://…"}.' },
);

function invalidRequest(response: ServerResponse, status: number, description: string): void {
  answer(response, status, JSON.stringify({ error: 'invalid_request', error_description: description }));
}

/** The report in `body`, or what is wrong with it. */
function parseReport(body: string): z.infer<typeof credentialReport> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'The body is not JSON.';
  }
  const report = credentialReport.safeParse(parsed);
  return report.success ? report.data : (report.error.issues[0]?.message ?? 'The body is not a report.');
}

/**
 * Leaked-token reports, in the spirit of GitHub's credential revocation API: `POST /credentials/revoke` with
 * `{"credentials": [...], "source": "..."}`, no authentication, rate limited per address. Every live secret among
 * the candidates is revoked at once (tokens/leaked-secrets.ts); the answer is 202 and the same bytes whatever
 * was found (docs/secret-scanning.md).
 */
export async function handleCredentialsRevocation(
  request: IncomingMessage,
  response: ServerResponse,
  clock: Clock,
): Promise<void> {
  const now = clock.now();
  if (request.method !== 'POST') {
    return answer(response, 405, JSON.stringify({ error: 'invalid_request', error_description: 'Use POST.' }), {
      Allow: 'POST',
    });
  }
  const origin = incomingRequestOrigin(request);
  const decision = await reportLimiter.consume(reportsPerAddress, addressSubject(origin.ip), now);
  if (!decision.allowed) {
    logEvent('rate_limited', { ip: origin.ip, rule: reportsPerAddress.name });
    return answer(response, 429, JSON.stringify({ error: 'rate_limited' }), {
      'Retry-After': String(decision.retryAfterSeconds),
    });
  }
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return invalidRequest(response, 415, 'Send the report as JSON (application/json).');
  }
  const body = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (body === null) return invalidRequest(response, 413, `The body may be at most ${MAX_BODY_BYTES} bytes.`);
  const report = parseReport(body);
  if (typeof report === 'string') return invalidRequest(response, 400, report);
  const revoked = await revokeLeakedSecrets(report.credentials, {
    reportedFrom: report.source || null,
    origin,
    at: now,
  });
  logEvent('credentials_reported', { ip: origin.ip, candidates: report.credentials.length, revoked });
  answer(response, 202, ACCEPTED);
}
