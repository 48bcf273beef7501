import { setTimeout as delay } from 'node:timers/promises';
import { reconnectDelay, retryAfterMs } from './reconnect-delay.js';
import { revocationEventParser } from './revocation-events.js';

export interface RevocationStreamOptions {
  endpoint: string;
  /** The service's `Authorization: Basic …` value. */
  authorization: string;
  fetch: typeof fetch;
  maxReconnectDelayMs: number;
  /** A connection silent this long is taken for dead: Latchkey sends a keepalive comment every 15 s. */
  silenceLimitMs: number;
  onReady(): void;
  onInvalidated(tokenId: string): void;
  onUnreadable(data: string): void;
  /** A connection ended, or an attempt to open one failed; another attempt follows unless closed. */
  onDisconnected(reason: string): void;
}

export interface RevocationStream {
  /** Ends the connection and stops reconnecting. */
  close(): Promise<void>;
}

interface ConnectionEnd {
  reason: string;
  retryAfterMs: number | null;
}

/** Holds one connection to Latchkey's revocation stream open, reconnecting with backoff until closed. */
export function openRevocationStream(options: RevocationStreamOptions): RevocationStream {
  const closing = new AbortController();
  const running = keepConnected(options, closing.signal);
  return {
    close: async () => {
      closing.abort();
      await running;
    },
  };
}

async function keepConnected(options: RevocationStreamOptions, closing: AbortSignal): Promise<void> {
  let attempt = 0;
  let serverRetryMs = 1000;
  const events = {
    ready: () => {
      attempt = 0;
      options.onReady();
    },
    invalidated: options.onInvalidated,
    unreadable: options.onUnreadable,
    retry: (retryMs: number) => {
      serverRetryMs = retryMs;
    },
  };
  while (!closing.aborted) {
    const end = await connectOnce(options, closing, events);
    if (closing.aborted) return;
    options.onDisconnected(end.reason);
    const policy = { serverRetryMs, retryAfterMs: end.retryAfterMs, maxDelayMs: options.maxReconnectDelayMs };
    const wait = reconnectDelay(attempt++, policy, Math.random());
    await delay(wait, undefined, { signal: closing, ref: false }).catch(() => undefined);
  }
}

async function connectOnce(
  options: RevocationStreamOptions,
  closing: AbortSignal,
  events: Parameters<typeof revocationEventParser>[0],
): Promise<ConnectionEnd> {
  const silence = new AbortController();
  let silenceTimer: NodeJS.Timeout | undefined;
  // Restarted by every byte, keepalives included; it also bounds how long opening the connection may take.
  const heard = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => silence.abort(), options.silenceLimitMs).unref();
  };
  heard();
  try {
    const response = await options.fetch(options.endpoint, {
      headers: { authorization: options.authorization, accept: 'text/event-stream', 'cache-control': 'no-cache' },
      signal: AbortSignal.any([closing, silence.signal]),
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !contentType.startsWith('text/event-stream') || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      const refused = response.status === 401 ? ': Latchkey refused the service id or key' : '';
      return {
        reason: `the revocation stream answered HTTP ${response.status}${refused}`,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after'), Date.now()),
      };
    }
    const parser = revocationEventParser(events);
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      heard();
      parser.feed(decoder.decode(read.value, { stream: true }));
    }
    return { reason: 'Latchkey ended the revocation stream', retryAfterMs: null };
  } catch (error) {
    if (silence.signal.aborted && !closing.aborted) {
      return { reason: `the revocation stream was silent for ${options.silenceLimitMs} ms`, retryAfterMs: null };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      reason: `the revocation stream failed: ${error instanceof Error ? error.message : error}${cause}`,
      retryAfterMs: null,
    };
  } finally {
    clearTimeout(silenceTimer);
  }
}
