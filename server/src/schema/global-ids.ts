import { decodeGlobalID } from '@pothos/plugin-relay';

/** The database id inside a Relay global id of the given type, or null for anything else. */
export function localIdFor(globalId: string, typename: string): string | null {
  try {
    const decoded = decodeGlobalID(globalId);
    return decoded.typename === typename && decoded.id ? decoded.id : null;
  } catch {
    return null;
  }
}
