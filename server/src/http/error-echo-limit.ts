import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Longer than any message we write; what goes past it is input echoed back (an id, a variable's value). */
export const ERROR_MESSAGE_MAX_LENGTH = 300;

function truncated(error: GraphQLError): GraphQLError {
  if (error.message.length <= ERROR_MESSAGE_MAX_LENGTH) return error;
  return Object.assign(Object.create(Object.getPrototypeOf(error)), error, {
    message: `${error.message.slice(0, ERROR_MESSAGE_MAX_LENGTH)}…`,
  });
}

/** Errors that quote the caller's input (`Invalid global ID: <input>`) would echo up to a whole body back. */
export function useErrorEchoLimit(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      if (!result.errors.some((error) => error.message.length > ERROR_MESSAGE_MAX_LENGTH)) return;
      setResult({ ...result, errors: result.errors.map(truncated) });
    },
  };
}
