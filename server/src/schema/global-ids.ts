import { decodeGlobalID } from '@pothos/plugin-relay';
import { isWellFormedId } from '../ids.js';

/** The database id inside a Relay global id of the given type, or null for anything else. */
export function localIdFor(globalId: string, typename: string): string | null {
  try {
    const decoded = decodeGlobalID(globalId);
    return decoded.typename === typename && isWellFormedId(decoded.id) ? decoded.id : null;
  } catch {
    return null;
  }
}
