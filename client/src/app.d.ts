import type { IncomingMessage } from 'node:http';

declare global {
  namespace App {
    interface Platform {
      /** Set by adapter-node: the Node request, whose socket tells where this server listens. */
      req?: IncomingMessage;
    }
  }
}
