import { tokenNameKey } from '@latchkey/rules';
import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { GraphQLError } from 'graphql';
import { isWellFormedId } from '../ids.js';

export const MAX_PAGE_SIZE = 100;

/**
 * Used as the connection's `maxSize`, which sees the paging arguments: asking for more than a page
 * holds is a mistake worth telling the caller about, not something to trim silently.
 */
export function checkedPageSize(args: { first?: number | null; last?: number | null }): number {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`\`${name}\` must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: 'BAD_USER_INPUT', argumentName: name },
      });
    }
  }
  return MAX_PAGE_SIZE;
}

const invalidCursor = () => new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });

/** The row id inside an `after`/`before` cursor of an id-keyed connection, or undefined when there is none. */
export function cursorId(args: { after?: string | null; before?: string | null }): string | undefined {
  const cursor = args.after ?? args.before;
  if (cursor == null) return undefined;
  let id: unknown;
  try {
    id = parsePrismaCursor(cursor);
  } catch {
    throw invalidCursor();
  }
  if (typeof id !== 'string' || !isWellFormedId(id)) throw invalidCursor();
  return id;
}

/**
 * Prisma finds a cursor's row by its id alone, so a cursor copied from someone else's list would
 * position this list relative to their row. A cursor that is not one of the viewer's own rows reads
 * exactly like one that no longer exists: an empty page.
 */
export async function pageFromOwnCursor<T>(
  args: { after?: string | null; before?: string | null },
  isOwnRow: (id: string) => Promise<boolean>,
  loadPage: () => Promise<T[]>,
): Promise<T[]> {
  const id = cursorId(args);
  if (id !== undefined && !(await isOwnRow(id))) return [];
  return loadPage();
}

const MAX_SEARCH_LENGTH = 100;

export function checkedSearch(search: string | null | undefined): string | undefined {
  // Token names are searched by their key, so the search is keyed the same way.
  const text = search ? tokenNameKey(search) : undefined;
  if (!text) return undefined;
  if ([...text].length > MAX_SEARCH_LENGTH) {
    throw new GraphQLError(`\`search\` is at most ${MAX_SEARCH_LENGTH} characters.`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'search' },
    });
  }
  return text;
}
