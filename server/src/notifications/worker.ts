import type { Clock } from '../clock.js';
import { logEvent } from '../logging/logger.js';
import { scanForInactiveTokens } from '../policies/inactivity-scan.js';
import { NO_POLICIES, type Policies } from '../policies/policies.js';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  claimedDeliveries,
  recordDelivered,
  recordFailure,
  recordUndeliverable,
} from './delivery-queue.js';
import { createMailer, emailMessage, type Mailer, type MailSettings } from './email.js';
import { scanForExpiringTokens } from './expiry-scan.js';
import { notificationPayload } from './payload.js';
import { postWebhook } from './webhook-delivery.js';

export interface NotificationWorkerOptions {
  clock: Clock;
  /** Where people reach the server: links in email point there. */
  publicUrl: string;
  /** Null when email is off (LATCHKEY_SMTP_URL or LATCHKEY_MAIL_FROM unset). */
  mail: MailSettings | null;
  allowHttpWebhooks: boolean;
  pollIntervalMs?: number;
  /** Deliveries sent at once: a slow endpoint holds up one of them, not the others. */
  concurrency?: number;
  /** How long a claim holds a delivery: longer than any send may take, as another worker retakes it after. */
  leaseMs?: number;
  webhookTimeoutMs?: number;
  expiryScanIntervalMs?: number;
  /** The operator's policies: the inactivity policy is applied with each expiry scan. */
  policies?: Policies;
}

const DEFAULTS = {
  pollIntervalMs: 1000,
  concurrency: 8,
  leaseMs: 60_000,
  webhookTimeoutMs: 10_000,
  expiryScanIntervalMs: 5 * 60_000,
  policies: NO_POLICIES,
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends the outbox: polls for due deliveries, claims them (delivery-queue.ts), sends each by email or webhook, and
 * records the outcome. Every few minutes it also scans for expiring tokens and applies the inactivity policy. Every
 * replica runs one.
 *
 * A delivery is sent at least once: a crash after the endpoint answered but before the outcome is written sends
 * it again once the claim's lease runs out, with the same `webhook-id`, by which receivers deduplicate.
 */
export class NotificationWorker {
  readonly #options: Required<NotificationWorkerOptions>;
  readonly #mailer: Mailer | null;
  readonly #sending = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #stopped = false;
  #nextExpiryScanAt = 0;

  constructor(options: NotificationWorkerOptions) {
    this.#options = { ...DEFAULTS, ...options };
    this.#mailer = options.mail ? createMailer(options.mail) : null;
  }

  /** Polls now and then every `pollIntervalMs`, until stopped; the timer never keeps the process alive. */
  start(): this {
    const poll = () => {
      this.#polling = this.#poll().finally(() => {
        this.#polling = undefined;
        if (!this.#stopped) this.#timer = setTimeout(poll, this.#options.pollIntervalMs).unref();
      });
    };
    poll();
    return this;
  }

  /** Stops polling and waits for the sends in flight (each bounded by its timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#polling;
    await Promise.all(this.#sending);
    this.#mailer?.close();
  }

  /** Claims what is due as free slots allow and sends it; resolves once those are recorded (tests call this). */
  async deliverDue(): Promise<number> {
    const sends = await this.#claimAndSend();
    await Promise.all(sends);
    return sends.length;
  }

  async #poll(): Promise<void> {
    try {
      const now = this.#options.clock.now();
      if (now.getTime() >= this.#nextExpiryScanAt) {
        this.#nextExpiryScanAt = now.getTime() + this.#options.expiryScanIntervalMs;
        await scanForExpiringTokens(now);
        await scanForInactiveTokens(this.#options.policies, now);
      }
      await this.#claimAndSend();
    } catch (error) {
      logEvent('notification_poll_failed', { error: messageOf(error) }, 'error');
    }
  }

  /** Starts a send for each delivery claimed into a free slot; returns them without waiting. */
  async #claimAndSend(): Promise<Promise<void>[]> {
    const free = this.#options.concurrency - this.#sending.size;
    if (free <= 0) return [];
    const ids = await claimDueDeliveries(this.#options.clock.now(), free, this.#options.leaseMs);
    if (ids.length === 0) return [];
    const deliveries = await claimedDeliveries(ids);
    return deliveries.map((delivery) => {
      const sending = this.#send(delivery).catch((error: unknown) =>
        // Its claim runs out and another attempt follows.
        logEvent('notification_record_failed', { deliveryId: delivery.id, error: messageOf(error) }, 'error'),
      );
      this.#sending.add(sending);
      void sending.finally(() => this.#sending.delete(sending));
      return sending;
    });
  }

  async #send(delivery: ClaimedDelivery): Promise<void> {
    const payload = notificationPayload(delivery.event);
    let outcome: AttemptOutcome & { delivered: boolean };
    if (delivery.channel === 'WEBHOOK') {
      if (!delivery.webhook || delivery.webhook.disabledAt) return recordUndeliverable(delivery, 'webhook disabled');
      outcome = await postWebhook(delivery.webhook, delivery.event.id, payload, {
        allowHttpWebhooks: this.#options.allowHttpWebhooks,
        timeoutMs: this.#options.webhookTimeoutMs,
      });
    } else {
      if (!this.#mailer) return recordUndeliverable(delivery, 'email is not configured');
      try {
        await this.#mailer.send(delivery.event.user.email, emailMessage(payload, this.#options.publicUrl));
        outcome = { delivered: true, statusCode: null, error: null };
      } catch (error) {
        outcome = { delivered: false, statusCode: null, error: messageOf(error) };
      }
    }
    const now = this.#options.clock.now();
    if (outcome.delivered) return recordDelivered(delivery, outcome, now);
    logEvent(
      'notification_attempt_failed',
      { deliveryId: delivery.id, channel: delivery.channel, attempt: delivery.attempts + 1, error: outcome.error },
      'warn',
    );
    return recordFailure(delivery, outcome, now);
  }
}
