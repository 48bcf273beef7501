import { builder } from '../builder.js';
import {
  AccountLockedError,
  ExpiryTooLateError,
  InvalidCredentialsError,
  InvalidTransitionError,
  LastAdministratorError,
  NameTakenError,
  NotFoundError,
  PermissionsNotAllowedError,
  RateLimitedError,
  ReauthenticationRequiredError,
  ServerBusyError,
  SignUpRefusedError,
  TokenLimitError,
  ValidationError,
  WebhookLimitError,
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
  [
    SignUpRefusedError,
    'SignUpRefusedError',
    'The email has an account and the password is not its password. Says no more, so that sign-up does not ' +
      'tell which emails have accounts.',
  ],
  [InvalidCredentialsError, 'InvalidCredentialsError', 'The email or password is incorrect.'],
  [
    ReauthenticationRequiredError,
    'ReauthenticationRequiredError',
    'The action needs the password entered within the last 10 minutes: call `reauthenticate` and retry.',
  ],
  [
    LastAdministratorError,
    'LastAdministratorError',
    'The change would leave no unlocked administrator. Nothing was changed.',
  ],
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

builder.objectType(WebhookLimitError, {
  name: 'WebhookLimitError',
  description: 'You already have as many webhook endpoints as an account may hold.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'How many webhook endpoints an account may hold.' }),
  }),
});

builder.objectType(ExpiryTooLateError, {
  name: 'ExpiryTooLateError',
  description:
    'The expiry asked for is later than allowed: a token cannot outlive the token that creates it, and an edit ' +
    "can only shorten a token's life. Nothing was changed.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    latestExpiresAt: t.field({
      type: 'DateTime',
      description: 'The latest expiry allowed: ask for this instant, or an earlier one.',
      resolve: (error) => error.latestExpiresAt,
    }),
  }),
});

builder.objectType(PermissionsNotAllowedError, {
  name: 'PermissionsNotAllowedError',
  description:
    'The edit would give the token permissions it does not have (edits only remove permissions: that is a new ' +
    'token), or the acting token does not hold them itself. Nothing was changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    permissions: t.exposeStringList('permissions', { description: 'The permissions refused.' }),
  }),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description: 'Too many attempts; the response also has HTTP status 429 and a `Retry-After` header.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', { description: 'Seconds to wait before trying again.' }),
  }),
});

builder.objectType(ServerBusyError, {
  name: 'ServerBusyError',
  description:
    'Too many password checks are waiting; the response also has HTTP status 503 and a `Retry-After` header.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', { description: 'Seconds to wait before trying again.' }),
  }),
});

builder.objectType(AccountLockedError, {
  name: 'AccountLockedError',
  description:
    'The password is right but an administrator locked the account; no session was started. Told only to someone ' +
    'who knows the password.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.exposeString('reason', { description: "The administrator's reason, as they wrote it." }),
  }),
});
