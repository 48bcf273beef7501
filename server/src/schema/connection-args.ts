import { GraphQLError } from 'graphql';

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
