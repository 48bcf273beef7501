import { config } from '../config.js';
import { ServerBusyError } from '../errors.js';

/** Long enough for the queue to drain a little at OWASP's cost; the caller is told to come back then. */
const RETRY_AFTER_SECONDS = 2;

/**
 * Runs at most `concurrency` tasks at once, lets up to `queueLength` more wait their turn in order, and
 * refuses any beyond with a ServerBusyError, so the memory that running tasks take stays bounded.
 */
export class HashingQueue {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLength: number,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.concurrency) this.#running++;
    else if (this.#waiting.length < this.queueLength) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else throw new ServerBusyError(RETRY_AFTER_SECONDS);
    try {
      return await task();
    } finally {
      // A finished task hands its place straight to the next in line.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/** Every scrypt call goes through here: each takes 128 MiB at OWASP's cost (N=2^17, r=8). */
export const passwordHashingQueue = new HashingQueue(
  config.passwordHashing.concurrency,
  config.passwordHashing.queueLength,
);
