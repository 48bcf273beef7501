import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repositoryRoot } from '../config.js';

type NodeHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

export const uiBuildDirectory = path.join(repositoryRoot, 'client/build');

/**
 * The settings UI's SvelteKit handler (adapter-node), when the client has been built. adapter-node reads
 * ORIGIN when it is first imported, so the public URL must be known before this is called.
 */
export async function loadUiHandler(publicUrl: string): Promise<NodeHandler | null> {
  const handlerFile = path.join(uiBuildDirectory, 'handler.js');
  if (!existsSync(handlerFile)) return null;
  process.env.ORIGIN ??= publicUrl;
  const module = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };
  return module.handler;
}
