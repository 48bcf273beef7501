import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Request errors (malformed JSON, say) would otherwise echo the parser's own error, body included. */
export function useNoOriginalErrors(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      if (!result.errors.some((error) => error.extensions?.originalError)) return;
      setResult({
        ...result,
        errors: result.errors.map((error) => {
          if (!error.extensions?.originalError) return error;
          const { originalError: _dropped, http, ...extensions } = error.extensions as Record<string, unknown>;
          // Without `spec`, Yoga keeps the request error's own status (400) rather than answering 200.
          const status = (http as { status?: number } | undefined)?.status;
          return createGraphQLError(error.message, {
            nodes: error.nodes,
            path: error.path,
            extensions: status ? { ...extensions, http: { status } } : extensions,
          });
        }),
      });
    },
  };
}
