import type { GraphQLError } from 'graphql';
import { maskError } from 'graphql-yoga';

/** Errors we raise on purpose (auth, bad input) reach the caller as they are; anything else is masked and logged. */
export function maskUnexpectedError(error: unknown, message: string, isDev?: boolean): Error {
  return isDeliberateError(error) ? (error as Error) : maskError(error, message, isDev);
}

function isDeliberateError(error: unknown): boolean {
  const isGraphQLError = (value: unknown): value is GraphQLError =>
    value instanceof Error && value.name === 'GraphQLError';
  return isGraphQLError(error) && (error.originalError == null || isGraphQLError(error.originalError));
}
