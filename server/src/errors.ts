import { waitPhrase } from '@latchkey/rules';
import { GraphQLError } from 'graphql';

/** Expected failures. Each becomes a GraphQL object type implementing `Error` (schema/errors.ts). */

export interface FieldError {
  path: string[];
  message: string;
}

/** A GraphQLError too, so that outside a result union it still reaches the caller unmasked. */
export class ValidationError extends GraphQLError {
  constructor(
    message: string,
    readonly fieldErrors: FieldError[],
  ) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', fieldErrors } });
  }

  static forField(path: string[], message: string): ValidationError {
    return new ValidationError(message, [{ path, message }]);
  }

  static fromIssues(
    issues: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] }[],
    pathPrefix: string[] = [],
  ): ValidationError {
    const fieldErrors = issues.map((issue) => ({
      path: [
        ...pathPrefix,
        ...(issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)),
      ],
      message: issue.message,
    }));
    return new ValidationError(fieldErrors.map((error) => error.message).join(' '), fieldErrors);
  }
}

export class NotFoundError extends Error {
  constructor(message = 'No token with that id exists.') {
    super(message);
  }
}

export class InvalidTransitionError extends Error {}

/** A token may not live past `latestExpiresAt`: its parent's expiry, or (for an edit) its own current one. */
export class ExpiryTooLateError extends Error {
  constructor(
    message: string,
    readonly latestExpiresAt: Date,
  ) {
    super(message);
  }
}

/** An edit asked for permissions the token does not have, or that the acting token could not grant. */
export class PermissionsNotAllowedError extends Error {
  constructor(
    message: string,
    readonly permissions: string[],
  ) {
    super(message);
  }
}

/** Names the token that already has the name: its own spelling, which may differ from what was asked for. */
export class NameTakenError extends Error {
  constructor(name: string) {
    super(`You already have a token named "${name}".`);
  }
}

export class TokenLimitError extends Error {
  constructor(readonly limit: number) {
    super(`You have reached the limit of ${limit} tokens. Delete tokens you no longer need.`);
  }
}

export class WebhookLimitError extends Error {
  constructor(readonly limit: number) {
    super(`You have reached the limit of ${limit} webhook endpoints. Delete one you no longer need.`);
  }
}

export class InvalidCredentialsError extends Error {
  constructor() {
    super('The email or password is incorrect.');
  }
}

export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${waitPhrase(retryAfterSeconds)}.`);
  }
}

export class ServerBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`The server is busy. Try again in ${waitPhrase(retryAfterSeconds)}.`);
  }
}

export class SignUpRefusedError extends Error {
  constructor() {
    super('No account could be created with that email and password. If you already have one, sign in.');
  }
}

export class ReauthenticationRequiredError extends Error {
  constructor() {
    super('Confirm your password to continue: this action needs a recent sign-in.');
  }
}

/** Shown to the person at sign-in, only once their password checked out. */
export class AccountLockedError extends Error {
  constructor(readonly reason: string) {
    super(`An administrator locked this account: ${reason}`);
  }
}

/** The change would leave no administrator able to sign in. */
export class LastAdministratorError extends Error {
  constructor() {
    super('This is the last administrator who can sign in: make someone else an administrator first.');
  }
}
