import { decodeGlobalID } from '@pothos/plugin-relay';

/** The database id inside a Relay global id of the given type, or null for anything else. */
export function localIdFor(globalId: string, typename: string): string | null {
  try {
    const decoded = decodeGlobalID(globalId);
    // Our ids are lower-case base-36 and hex; anything else cannot exist, whatever it contains.
    return decoded.typename === typename && /^[0-9a-z]+$/.test(decoded.id) ? decoded.id : null;
  } catch {
    return null;
  }
}
