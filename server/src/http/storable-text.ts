import { createGraphQLError, type Plugin } from 'graphql-yoga';

// A NUL character, or half of a UTF-16 surrogate pair, is never meaningful input, and the databases refuse them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL character is the point.
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const MAX_VARIABLE_NESTING = 32;

/** Walks without recursion: variables are caller-controlled and may nest thousands deep. */
function unstorableTextProblem(root: unknown): string | null {
  const pending: [unknown, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (typeof value === 'string') {
      if (UNSTORABLE_TEXT.test(value)) return 'Text may not contain NUL characters or unpaired UTF-16 surrogates.';
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_VARIABLE_NESTING) return `Variables may nest at most ${MAX_VARIABLE_NESTING} levels deep.`;
      for (const item of Object.values(value)) pending.push([item, depth + 1]);
    }
  }
  return null;
}

/** Refuses documents and variables carrying text no column can hold, before anything runs. */
export function useStorableText(): Plugin {
  return {
    onParams({ params }) {
      const problem = unstorableTextProblem(params.query) ?? unstorableTextProblem(params.variables);
      if (problem) throw createGraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    },
  };
}
