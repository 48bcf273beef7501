import type { Plugin } from 'graphql-yoga';
import { viewerOf } from './authentication.js';

/** "Did you mean …?" maps the schema for whoever asks; only authenticated callers get the hints. */
export function useFieldSuggestionsForViewersOnly(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      if (!result.errors.some((error) => error.message.includes('Did you mean'))) return;
      if (viewerOf(request)) return;
      setResult({
        ...result,
        errors: result.errors.map((error) =>
          error.message.includes('Did you mean')
            ? Object.assign(Object.create(Object.getPrototypeOf(error)), error, {
                message: error.message.replace(/ ?Did you mean .*$/, ''),
              })
            : error,
        ),
      });
    },
  };
}
