import type { IncomingMessage } from 'node:http';

declare global {
  namespace App {
    interface Locals {
      /**
       * Set once the API has set or removed the session cookie during this request (lib/server/api.ts): what
       * the API is sent from then on, instead of the browser's Cookie header. Null once signed out.
       */
      sessionCookie?: string | null;
    }
    interface Platform {
      /** Set by adapter-node: the Node request, whose socket tells where this server listens. */
      req?: IncomingMessage;
    }
  }
}
