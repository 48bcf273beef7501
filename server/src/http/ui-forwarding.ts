import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { uiForwardingHeaders } from '@latchkey/rules';

// The settings UI calls the API over HTTP for browsers without JavaScript (form actions) and for server-rendered
// pages: without this, every such request would come from the UI's own address, and per-address limits and
// audit addresses would lump all those people together.

/** Made anew by each process; ui.ts hands it to the UI it mounts, so no one else can claim an address. */
export const uiForwardingKey = randomBytes(32).toString('base64url');
const keyBytes = Buffer.from(uiForwardingKey);

/** The browser's address as the UI this process mounts reports it; null for any request not proven to be from it. */
export function uiForwardedPeer(headers: { get(name: string): string | null }): string | null {
  const presented = headers.get(uiForwardingHeaders.key);
  if (presented === null) return null;
  const presentedBytes = Buffer.from(presented);
  if (presentedBytes.length !== keyBytes.length || !timingSafeEqual(presentedBytes, keyBytes)) return null;
  const peer = headers.get(uiForwardingHeaders.peer);
  return peer !== null && isIP(peer) !== 0 ? peer : null;
}
