import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ActiveToken {
  tokenId: string;
  userId: string;
  scope: string;
  /** Unix seconds. */
  exp: number;
  /**
   * A quota, as Latchkey enforces one: each introspection spends a use and is marked verify-each-use; once none is
   * left, the answer is `rate_limited`.
   */
  quota?: { usesLeft: number; retryAfterSeconds: number };
  /** The only client addresses the token is active from (exact matches: the fake knows no CIDR ranges). */
  allowedAddresses?: string[];
}

/**
 * Latchkey's two service endpoints as the verifier sees them, for the verifier's unit tests: introspection
 * answers from a table, and a revocation stream the test drives. The real server is exercised end to end by
 * examples/reports-api's tests.
 */
export class FakeLatchkey {
  readonly tokens = new Map<string, ActiveToken>();
  /** The secret of every introspection request, in order. */
  readonly introspections: string[] = [];
  /** The `latchkey_client_address` of every introspection request, in order (null when it had none). */
  readonly clientAddresses: Array<string | null> = [];
  readonly streams = new Set<ServerResponse>();
  streamAttempts: number[] = [];
  /** How the next stream requests are answered: a status other than 200, with Retry-After if given. */
  streamRefusal: { status: number; retryAfter?: string } | null = null;
  /** Whether a new stream says `ready` at once. */
  readyOnConnect = true;
  /** While set, introspection answers (decided on arrival) wait for it before they are sent. */
  introspectionGate: Promise<void> | null = null;
  readonly #server = createServer((request, response) => this.#handle(request, response));
  readonly #waiters: Array<() => void> = [];
  url = '';

  async start(): Promise<this> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.dropStreams();
    this.#server.closeAllConnections();
    this.#server.close();
  }

  send(event: string, data: string): void {
    for (const stream of this.streams) stream.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  invalidate(tokenId: string): void {
    this.send('invalidated', JSON.stringify({ token_id: tokenId }));
  }

  dropStreams(): void {
    for (const stream of this.streams) stream.destroy();
    this.streams.clear();
  }

  /** Resolves once `condition` holds, checked after every request this fake answers. */
  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #changed(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    if (request.url === '/oauth/revocations') this.#stream(response);
    else if (request.url === '/oauth/introspect') void this.#introspect(request, response);
    else response.writeHead(404).end();
  }

  #stream(response: ServerResponse): void {
    this.streamAttempts.push(performance.now());
    if (this.streamRefusal) {
      const { status, retryAfter } = this.streamRefusal;
      response
        .writeHead(status, retryAfter ? { 'retry-after': retryAfter } : {})
        .end('{"error":"temporarily_unavailable"}');
    } else {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write('retry: 1000\n\n');
      if (this.readyOnConnect) response.write('event: ready\ndata: {}\n\n');
      this.streams.add(response);
      response.once('close', () => this.streams.delete(response));
    }
    this.#changed();
  }

  async #introspect(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += chunk;
    const form = new URLSearchParams(body);
    const secret = form.get('token') ?? '';
    this.introspections.push(secret);
    this.clientAddresses.push(form.get('latchkey_client_address'));
    // Answered as things stand when the request arrives; the gate delays only its delivery.
    const answer = this.#answer(this.tokens.get(secret), form.get('latchkey_client_address'));
    this.#changed();
    await this.introspectionGate;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  #answer(token: ActiveToken | undefined, clientAddress: string | null): object {
    if (!token) return { active: false };
    const active = { active: true, scope: token.scope, sub: token.userId, token_id: token.tokenId, exp: token.exp };
    const { quota, allowedAddresses } = token;
    if (!quota && !allowedAddresses) return active;
    if (allowedAddresses && !allowedAddresses.includes(clientAddress ?? '')) return { active: false };
    if (quota?.usesLeft === 0) {
      return { active: false, latchkey_reason: 'rate_limited', latchkey_retry_after: quota.retryAfterSeconds };
    }
    if (quota) quota.usesLeft--;
    return { ...active, latchkey_verify_each_use: true };
  }
}
