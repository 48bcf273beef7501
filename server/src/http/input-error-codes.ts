import type { Plugin } from 'graphql-yoga';

/** Variable coercion errors (an unknown enum value, a wrong type) come without a code; give them one. */
export function useInputErrorCodes(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result) || !result.errors) return;
          for (const error of result.errors) {
            if (error.path === undefined && error.extensions.code === undefined) {
              (error.extensions as Record<string, unknown>).code = 'BAD_USER_INPUT';
            }
          }
        },
      };
    },
  };
}
