import { hash } from 'node:crypto';
import { serviceKeyShape } from '@latchkey/rules/secret-format';
import { wellFormedSecret } from './bearer.js';
import { type Introspected, introspect } from './introspection.js';
import type { TokenVerification, VerifyOptions, VerifyResult } from './principal.js';
import { openRevocationStream } from './revocation-stream.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface VerifierOptions {
  /** Latchkey's base URL, such as `http://localhost:4000`. */
  url: string;
  /** The service's id in Latchkey's catalogue, such as `reports`. */
  serviceId: string;
  /** A key of that service (`lksvc_…`), from `npm run service-key -- create <service>`. */
  serviceKey: string;
  /** Most verified tokens kept at once. Default 10,000. */
  maxEntries?: number;
  /**
   * After the revocation stream is lost, how long tokens verified before it may still be accepted from the
   * cache, in milliseconds. Default 10,000. Revocations made in that window may be missed for that long.
   */
  disconnectedGraceMs?: number;
  /** Longest wait for an introspection answer before the verification is `unavailable`. Default 2,000. */
  introspectionTimeoutMs?: number;
  /** Longest wait between reconnection attempts. Default 10,000. */
  maxReconnectDelayMs?: number;
  /** A revocation stream silent this long is taken for dead (Latchkey sends a keepalive every 15 s). Default 45,000. */
  streamSilenceLimitMs?: number;
  /** Told when the revocation stream becomes ready or is lost, of each eviction, and when introspection fails. */
  onEvent?: (event: VerifierEvent) => void;
  fetch?: typeof fetch;
  /** The clock for token expiry and the grace period, in milliseconds. */
  now?: () => number;
}

export type VerifierEvent =
  | { type: 'stream_ready' }
  | { type: 'stream_lost'; reason: string }
  | { type: 'token_invalidated'; tokenId: string }
  | { type: 'grace_over' }
  | { type: 'introspection_failed'; reason: string };

/** `connecting` until Latchkey first says `ready`; `disconnected` between a loss and the next `ready`. */
export type StreamState = 'connecting' | 'ready' | 'disconnected' | 'closed';

export interface Verifier extends TokenVerification {
  readonly streamState: StreamState;
  /** Closes the revocation stream; verifications after it are `unavailable`. */
  close(): Promise<void>;
}

const INVALID_TOKEN: VerifyResult = Object.freeze({ ok: false, error: 'invalid_token' });
const INSUFFICIENT_SCOPE: VerifyResult = Object.freeze({ ok: false, error: 'insufficient_scope' });
const UNAVAILABLE: VerifyResult = Object.freeze({ ok: false, error: 'unavailable' });

interface PendingIntrospection {
  generation: number;
  answer: Promise<Introspected>;
}

/**
 * Verifies Latchkey tokens for one service: well-formedness locally, then a cache of positive verifications
 * kept exact by Latchkey's revocation stream, then introspection on a miss. Starts the stream at once.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  if (!options.serviceId) throw new TypeError('createVerifier needs the serviceId of the service in the catalogue');
  if (!serviceKeyShape.isWellFormed(options.serviceKey)) {
    throw new TypeError(`createVerifier needs a service key (${serviceKeyShape.prefix}…); the one given is malformed`);
  }
  const base = new URL(options.url);
  const authorization = `Basic ${Buffer.from(`${options.serviceId}:${options.serviceKey}`).toString('base64')}`;
  const introspectionEndpoint = new URL('oauth/introspect', `${base.href.replace(/\/*$/, '')}/`).href;
  const revocationsEndpoint = new URL('oauth/revocations', `${base.href.replace(/\/*$/, '')}/`).href;
  const fetchFunction = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const disconnectedGraceMs = options.disconnectedGraceMs ?? 10_000;
  const introspectionTimeoutMs = options.introspectionTimeoutMs ?? 2_000;
  const report = options.onEvent ?? (() => undefined);
  const tokens = new VerifiedTokens({ maxEntries: options.maxEntries ?? 10_000, disconnectedGraceMs, now });
  // Concurrent misses for one secret share one request, unless an eviction came between them.
  const pending = new Map<string, PendingIntrospection>();
  let streamState: StreamState = 'connecting';
  let graceTimer: NodeJS.Timeout | undefined;

  const stream = openRevocationStream({
    endpoint: revocationsEndpoint,
    authorization,
    fetch: fetchFunction,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? 10_000,
    silenceLimitMs: options.streamSilenceLimitMs ?? 45_000,
    onReady: () => {
      clearTimeout(graceTimer);
      tokens.ready();
      streamState = 'ready';
      report({ type: 'stream_ready' });
    },
    onInvalidated: (tokenId) => {
      tokens.forget(tokenId);
      report({ type: 'token_invalidated', tokenId });
    },
    onUnreadable: () => tokens.forgetAll(),
    onDisconnected: (reason) => {
      tokens.disconnected();
      if (streamState === 'ready') {
        // The lookups enforce the bound too; the timer frees the memory and says so.
        graceTimer = setTimeout(() => {
          tokens.endGrace();
          report({ type: 'grace_over' });
        }, disconnectedGraceMs).unref();
      }
      if (streamState !== 'closed') streamState = 'disconnected';
      report({ type: 'stream_lost', reason });
    },
  });

  function introspectOnce(secret: string, digest: string): Promise<Introspected> {
    const generation = tokens.generation;
    const joined = pending.get(digest);
    if (joined?.generation === generation) return joined.answer;
    const answer = introspect({
      endpoint: introspectionEndpoint,
      authorization,
      secret,
      timeoutMs: introspectionTimeoutMs,
      fetch: fetchFunction,
    }).then((introspected) => {
      if (pending.get(digest)?.answer === answer) pending.delete(digest);
      if (introspected.kind === 'active') tokens.store(digest, introspected.principal, generation);
      else if (introspected.kind === 'unavailable')
        report({ type: 'introspection_failed', reason: introspected.reason });
      return introspected;
    });
    pending.set(digest, { generation, answer });
    return answer;
  }

  async function verify(authorizationOrSecret: string | null | undefined, verifyOptions?: VerifyOptions) {
    if (streamState === 'closed') return UNAVAILABLE;
    const secret = wellFormedSecret(authorizationOrSecret);
    if (secret === null) return INVALID_TOKEN;
    const digest = hash('sha256', secret, 'base64url');
    let accepted = tokens.lookup(digest);
    if (accepted === undefined) {
      const introspected = await introspectOnce(secret, digest);
      if (introspected.kind === 'inactive') return INVALID_TOKEN;
      if (introspected.kind === 'unavailable') return UNAVAILABLE;
      accepted = Object.freeze({ ok: true, principal: introspected.principal });
    }
    const permission = verifyOptions?.permission;
    return permission === undefined || accepted.principal.permissions.includes(permission)
      ? accepted
      : INSUFFICIENT_SCOPE;
  }

  return {
    verify,
    get streamState() {
      return streamState;
    },
    async close() {
      streamState = 'closed';
      clearTimeout(graceTimer);
      tokens.forgetAll();
      await stream.close();
    },
  };
}
