import { hash } from 'node:crypto';
import { serviceKeyShape } from '@latchkey/rules/secret-format';
import { wellFormedSecret } from './bearer.js';
import { EachUseTokens } from './each-use-tokens.js';
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
  /** Most verified tokens kept at once (and, apart, most tokens remembered as verified on every use). Default 10,000. */
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
 * kept exact by Latchkey's revocation stream, then introspection on a miss. Tokens with an address allowlist, a
 * rate limit or a quota are never cached: Latchkey counts and checks each of their uses. Starts the stream at once.
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
  const maxEntries = options.maxEntries ?? 10_000;
  const tokens = new VerifiedTokens({ maxEntries, disconnectedGraceMs, now });
  const eachUseTokens = new EachUseTokens(maxEntries);
  // Concurrent misses for one secret from one address share one request, unless an eviction came between them.
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
      // Changes may have been missed while the stream was down.
      eachUseTokens.forgetAll();
      streamState = 'ready';
      report({ type: 'stream_ready' });
    },
    onInvalidated: (tokenId) => {
      tokens.forget(tokenId);
      eachUseTokens.forget(tokenId);
      report({ type: 'token_invalidated', tokenId });
    },
    onUnreadable: () => {
      tokens.forgetAll();
      eachUseTokens.forgetAll();
    },
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

  /** One request to Latchkey, for this verification alone unless others join it; keeps what the answer allows. */
  function ask(secret: string, digest: string, clientAddress: string | undefined): Promise<Introspected> {
    const generation = tokens.generation;
    return introspect({
      endpoint: introspectionEndpoint,
      authorization,
      secret,
      clientAddress,
      timeoutMs: introspectionTimeoutMs,
      fetch: fetchFunction,
    }).then((introspected) => {
      if (introspected.kind === 'active') {
        if (!introspected.verifyEachUse) tokens.store(digest, introspected.principal, generation);
        // As for the cache: an eviction since the request may mean the token's controls changed.
        else if (generation === tokens.generation) eachUseTokens.remember(digest, introspected.principal.tokenId);
      } else if (introspected.kind === 'unavailable') {
        report({ type: 'introspection_failed', reason: introspected.reason });
      }
      return introspected;
    });
  }

  /**
   * Latchkey's answer for this verification. A token verified on every use has each use counted by Latchkey, so
   * its verifications never share a request: known ones ask alone, and one that joined a request whose answer
   * turns out to be such a token's asks again for itself.
   */
  async function introspectFor(
    secret: string,
    digest: string,
    clientAddress: string | undefined,
  ): Promise<Introspected> {
    if (eachUseTokens.has(digest)) return ask(secret, digest, clientAddress);
    // An allowlist answers per address: verifications from different addresses never share an answer.
    const key = `${digest} ${clientAddress ?? ''}`;
    const joined = pending.get(key);
    if (joined?.generation === tokens.generation) {
      const introspected = await joined.answer;
      return introspected.kind === 'active' && introspected.verifyEachUse
        ? ask(secret, digest, clientAddress)
        : introspected;
    }
    const answer = ask(secret, digest, clientAddress).finally(() => {
      if (pending.get(key)?.answer === answer) pending.delete(key);
    });
    pending.set(key, { generation: tokens.generation, answer });
    return answer;
  }

  async function verify(
    authorizationOrSecret: string | null | undefined,
    verifyOptions?: VerifyOptions,
  ): Promise<VerifyResult> {
    if (streamState === 'closed') return UNAVAILABLE;
    const secret = wellFormedSecret(authorizationOrSecret);
    if (secret === null) return INVALID_TOKEN;
    const digest = hash('sha256', secret, 'base64url');
    let accepted = tokens.lookup(digest);
    if (accepted === undefined) {
      const introspected = await introspectFor(secret, digest, verifyOptions?.clientAddress);
      if (introspected.kind === 'inactive') return INVALID_TOKEN;
      if (introspected.kind === 'unavailable') return UNAVAILABLE;
      if (introspected.kind === 'rate_limited') {
        return Object.freeze({ ok: false, error: 'rate_limited', retryAfterSeconds: introspected.retryAfterSeconds });
      }
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
      eachUseTokens.forgetAll();
      await stream.close();
    },
  };
}
