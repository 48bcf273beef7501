import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** What Latchkey's revocation stream (`GET /oauth/revocations`) tells a service, message by message. */
export interface RevocationEventHandlers {
  /** Latchkey is subscribed: every revocation from now on will be announced. */
  ready(): void;
  /** Drop every cached verification of this token (`token_id` as introspection gave it). */
  invalidated(tokenId: string): void;
  /** An `invalidated` message whose token cannot be read: only dropping everything is safe. */
  unreadable(data: string): void;
  /** The server's `retry:` field: the delay it asks for before reconnecting, in milliseconds. */
  retry(delayMs: number): void;
}

function tokenIdOf(data: string): string | null {
  try {
    const tokenId = (JSON.parse(data) as { token_id?: unknown } | null)?.token_id;
    return typeof tokenId === 'string' && tokenId !== '' ? tokenId : null;
  } catch {
    return null;
  }
}

/** A parser for one connection's `text/event-stream` body; feed it text as it arrives, in any pieces. */
export function revocationEventParser(handlers: RevocationEventHandlers): { feed(text: string): void } {
  const onEvent = (message: EventSourceMessage) => {
    if (message.event === 'ready') return handlers.ready();
    // Other events are for newer clients; ignoring them keeps this one working.
    if (message.event !== 'invalidated') return;
    const tokenId = tokenIdOf(message.data);
    if (tokenId === null) handlers.unreadable(message.data);
    else handlers.invalidated(tokenId);
  };
  return createParser({ onEvent, onRetry: (delayMs) => handlers.retry(delayMs) });
}
