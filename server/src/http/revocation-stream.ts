import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import { logEvent } from '../logging/logger.js';
import { serviceRequests } from '../metrics/counts.js';
import type { Service } from '../permissions/catalogue.js';
import { globalIdFor } from '../synchronous-global-ids.js';
import { type TokenVerifier, tokenVerifier, type VerifierSubscriber } from '../tokens/verification.js';
import {
  answer,
  authenticatedService,
  basicCredentials,
  refuseUnprovenService,
  SERVICE_RESPONSE_HEADERS,
  type ServiceRouteOptions,
  serviceRateLimited,
} from './service-requests.js';
import { logUnexpectedError } from './unexpected-failures.js';

export const REVOCATION_STREAM_PATH = '/oauth/revocations';

/** Well inside the idle timeouts of proxies on the way (nginx's `proxy_read_timeout` is 60 s by default). */
export const KEEPALIVE_INTERVAL_MS = 15_000;

// A client that stops reading is dropped rather than buffered for: it clears its cache when the stream ends.
const MAX_BUFFERED_BYTES = 1 << 20;
// A bulk revocation's events wait their turn for the socket; a client this far behind is dropped all the same.
const MAX_BACKLOG_BYTES = 32 << 20;
// Events are joined into writes of about this size.
const CHUNK_BYTES = 64 << 10;

const OPENING = 'retry: 1000\n\nevent: ready\ndata: {}\n\n';
const KEEPALIVE = ': keepalive\n\n';

const STREAM_HEADERS = {
  ...SERVICE_RESPONSE_HEADERS,
  'Content-Type': 'text/event-stream; charset=utf-8',
  // nginx would otherwise hold events back in its buffer.
  'X-Accel-Buffering': 'no',
  // An ended stream takes its connection with it, so a shutdown is not kept waiting by an idle socket.
  Connection: 'close',
};

interface Backlog {
  chunks: string[];
  bytes: number;
}

/** What a stream has yet to write, behind a bulk revocation that did not fit its socket's buffer at once. */
const backlogs = new WeakMap<ServerResponse, Backlog>();

function writeBacklog(response: ServerResponse, backlog: Backlog): void {
  while (backlog.chunks.length > 0 && response.writableLength < MAX_BUFFERED_BYTES) {
    if (response.writableEnded || response.destroyed) return;
    const chunk = backlog.chunks.shift() as string;
    backlog.bytes -= chunk.length;
    response.write(chunk);
  }
  if (backlog.chunks.length === 0) backlogs.delete(response);
  else response.once('drain', () => writeBacklog(response, backlog));
}

function send(response: ServerResponse, chunk: string): void {
  if (response.writableEnded || response.destroyed) return;
  const backlog = backlogs.get(response);
  if (backlog) {
    queue(response, backlog, [chunk]);
    return;
  }
  response.write(chunk);
  if (response.writableLength > MAX_BUFFERED_BYTES) response.destroy();
}

function queue(response: ServerResponse, backlog: Backlog, chunks: readonly string[]): void {
  for (const chunk of chunks) {
    backlog.chunks.push(chunk);
    backlog.bytes += chunk.length;
  }
  if (backlog.bytes > MAX_BACKLOG_BYTES) {
    backlogs.delete(response);
    response.destroy();
  }
}

/** Many events in order, written as the client reads them rather than all into memory at once. */
function sendMany(response: ServerResponse, chunks: readonly string[]): void {
  if (response.writableEnded || response.destroyed) return;
  const waiting = backlogs.get(response);
  if (waiting) {
    queue(response, waiting, chunks);
    return;
  }
  const backlog: Backlog = { chunks: [], bytes: 0 };
  queue(response, backlog, chunks);
  if (response.destroyed) return;
  backlogs.set(response, backlog);
  writeBacklog(response, backlog);
}

const invalidatedEvent = (tokenId: string) =>
  `event: invalidated\ndata: ${JSON.stringify({ token_id: globalIdFor('PersonalAccessToken', tokenId) })}\n\n`;

/** Each token's `invalidated` event, joined into writes of about CHUNK_BYTES. */
function invalidatedChunks(tokenIds: readonly string[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const tokenId of tokenIds) {
    const event = invalidatedEvent(tokenId);
    current.push(event);
    size += event.length;
    if (size >= CHUNK_BYTES) {
      chunks.push(current.join(''));
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) chunks.push(current.join(''));
  return chunks;
}

/**
 * The open streams of this process, told by the verifier of everything it forgets: on PostgreSQL that includes
 * every other replica's changes (tokens/invalidation.ts). When the verifier stops caching, it is missing changes,
 * so every stream ends: its client clears its cache and reconnects once this replica listens again.
 */
class RevocationStreams implements VerifierSubscriber {
  readonly #open = new Set<ServerResponse>();

  constructor(private readonly verifier: TokenVerifier) {
    verifier.subscribe(this);
  }

  get size(): number {
    return this.#open.size;
  }

  /** Opens `response` as a stream, unless the verifier cannot promise to hear of every change (false). */
  open(response: ServerResponse): boolean {
    if (!this.verifier.caching) return false;
    // Registered before `ready` is written: whatever is forgotten from then on reaches the client.
    this.#open.add(response);
    response.on('close', () => this.#open.delete(response));
    response.writeHead(200, STREAM_HEADERS);
    response.write(OPENING);
    return true;
  }

  forgotten(tokenId: string): void {
    if (this.#open.size === 0) return;
    const event = invalidatedEvent(tokenId);
    for (const response of this.#open) send(response, event);
  }

  forgottenMany(tokenIds: readonly string[]): void {
    if (this.#open.size === 0) return;
    const [only] = tokenIds;
    if (tokenIds.length === 1 && only !== undefined) {
      this.forgotten(only);
      return;
    }
    const chunks = invalidatedChunks(tokenIds);
    for (const response of this.#open) sendMany(response, chunks);
  }

  stoppedCaching(): void {
    this.endAll();
  }

  endAll(): void {
    for (const response of [...this.#open]) {
      this.#open.delete(response);
      response.end();
    }
  }
}

const streams = new RevocationStreams(tokenVerifier);

/** Ends every open revocation stream (before the server closes: their clients reconnect to another replica). */
export function endRevocationStreams(): void {
  streams.endAll();
}

/** How many revocation streams this process holds open. */
export function openRevocationStreamCount(): number {
  return streams.size;
}

/** Every `intervalMs`, checks the service key again and sends a keepalive; a key no longer live ends the stream. */
function keepAlive(response: ServerResponse, service: Service, key: string, clock: Clock, intervalMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  const beat = async () => {
    const stillProven = await authenticatedService(service.id, key, clock.now()).catch((error: unknown) => {
      logUnexpectedError(error);
      return null;
    });
    if (response.writableEnded || response.destroyed) return;
    if (!stillProven) {
      logEvent('revocation_stream_refused', { service: service.id });
      response.end();
      return;
    }
    send(response, KEEPALIVE);
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(beat, intervalMs).unref();
  };
  response.on('close', () => clearTimeout(timer));
  schedule();
}

/**
 * The revocation stream for the operator's services: `GET /oauth/revocations`, the service authenticated by HTTP
 * Basic (`service-id:service-key`), answered with Server-Sent Events: `ready` once the stream is registered, then
 * `invalidated` with the `token_id` of every token whose verification must no longer be trusted
 * (docs/services.md). A replica that may be missing other replicas' changes answers 503 instead.
 */
export async function handleRevocationStream(
  request: IncomingMessage,
  response: ServerResponse,
  clock: Clock,
  options: ServiceRouteOptions,
): Promise<void> {
  serviceRequests.revocation_stream++;
  if (request.method !== 'GET') {
    return answer(response, 405, JSON.stringify({ error: 'invalid_request', error_description: 'Use GET.' }), {
      Allow: 'GET',
    });
  }
  const credentials = basicCredentials(request);
  const service = await authenticatedService(credentials?.id, credentials?.key, clock.now());
  if (!service || !credentials) return refuseUnprovenService(response);
  // One point per connection, whatever it carries afterwards.
  const retryAfter = await serviceRateLimited(service);
  if (retryAfter !== null) {
    return answer(response, 429, JSON.stringify({ error: 'rate_limited' }), { 'Retry-After': String(retryAfter) });
  }
  // Gone while it was authenticated: its 'close' has passed, so a registered stream would never be let go.
  if (response.destroyed) return;
  if (!streams.open(response)) {
    return answer(response, 503, JSON.stringify({ error: 'temporarily_unavailable' }), { 'Retry-After': '1' });
  }
  logEvent('revocation_stream_opened', { service: service.id });
  response.on('close', () => logEvent('revocation_stream_closed', { service: service.id }));
  keepAlive(response, service, credentials.key, clock, options.revocationKeepaliveMs ?? KEEPALIVE_INTERVAL_MS);
}
