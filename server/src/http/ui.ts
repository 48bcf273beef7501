import { subscribe } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { uiErrorChannel } from '@latchkey/rules';
import { repositoryRoot } from '../config.js';
import { uiForwardingKey } from './ui-forwarding.js';
import { logUnexpectedError } from './unexpected-failures.js';

type NodeHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

export const uiBuildDirectory = path.join(repositoryRoot, 'client/build');

// The UI's own unexpected errors (its 404s are request lines), as JSON lines like ours.
subscribe(uiErrorChannel, logUnexpectedError);

/**
 * The settings UI's SvelteKit handler (adapter-node), when the client has been built, or null. It is
 * imported on the first request for a page, not at start: a replica that only serves the API never holds
 * it in memory (tens of MB). adapter-node reads ORIGIN when it is first imported, so the public URL must
 * be known before this is called.
 */
export function lazyUiHandler(publicUrl: string, buildDirectory = uiBuildDirectory): NodeHandler | null {
  const handlerFile = path.join(buildDirectory, 'handler.js');
  if (!existsSync(handlerFile)) return null;
  process.env.ORIGIN ??= publicUrl;
  // Read by the UI's handleFetch: its API calls for a browser then carry that browser's address.
  process.env.LATCHKEY_UI_FORWARDING_KEY = uiForwardingKey;
  let loading: Promise<NodeHandler> | undefined;
  return (request, response, next) => {
    loading ??= import(pathToFileURL(handlerFile).href).then((module: { handler: NodeHandler }) => module.handler);
    loading.then(
      (handler) => handler(request, response, next),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('The settings UI failed to load.'),
    );
  };
}
