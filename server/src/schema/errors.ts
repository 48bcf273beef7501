import { builder } from '../builder.js';
import {
  EmailTakenError,
  InvalidCredentialsError,
  InvalidTransitionError,
  NameTakenError,
  NotFoundError,
  TokenLimitError,
  ValidationError,
} from '../errors.js';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure. Every mutation result union lists the failures it can return.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A sentence fit to show a person.' }),
  }),
});

const FieldErrorRef = builder.objectRef<{ path: string[]; message: string }>('FieldError').implement({
  description: 'What is wrong with one input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path to the field, for example ["input", "name"].' }),
    message: t.exposeString('message', { description: 'What is wrong with it.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input broke a rule. Nothing was changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fieldErrors: t.field({
      type: [FieldErrorRef],
      description: 'One entry per field at fault.',
      resolve: (error) => error.fieldErrors,
    }),
  }),
});

const simpleErrors = [
  [NotFoundError, 'NotFoundError', 'Nothing with that id exists among the things you may see.'],
  [InvalidTransitionError, 'InvalidTransitionError', 'The token is not in a state that allows this change.'],
  [NameTakenError, 'NameTakenError', 'You already have a token with that name (names ignore case).'],
  [EmailTakenError, 'EmailTakenError', 'An account with that email already exists.'],
  [InvalidCredentialsError, 'InvalidCredentialsError', 'The email or password is incorrect.'],
] as const;

for (const [errorClass, name, description] of simpleErrors) {
  builder.objectType(errorClass, { name, description, interfaces: [ErrorInterface], fields: () => ({}) });
}

builder.objectType(TokenLimitError, {
  name: 'TokenLimitError',
  description: 'You already have as many tokens as an account may hold.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'How many tokens an account may hold.' }),
  }),
});
