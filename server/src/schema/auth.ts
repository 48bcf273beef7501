import { passwordLength } from '@latchkey/rules';
import { z } from 'zod';
import { changePassword, markReauthenticated, signIn, signUp, verifyViewerPassword } from '../auth/accounts.js';
import { cookiesMustBeSecure, expiredSessionCookie, sessionCookie } from '../auth/cookies.js';
import { isSamePassword } from '../auth/password.js';
import { createSession, deleteSession } from '../auth/sessions.js';
import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import {
  AccountLockedError,
  InvalidCredentialsError,
  RateLimitedError,
  ServerBusyError,
  SignUpRefusedError,
  ValidationError,
} from '../errors.js';
import type { User } from '../generated/prisma/client.js';
import { addressSubject } from '../security/address-subject.js';
import { answerBusyWith503, enforceRateLimits } from '../security/enforce.js';
import { limitPasswordConfirmation, limitSignInAttempt } from '../security/password-attempts.js';
import { UserRef } from './user.js';

const passwordSchema = z
  .string()
  .min(passwordLength.min, `Passwords are at least ${passwordLength.min} characters.`)
  .max(passwordLength.max, `Passwords are at most ${passwordLength.max} characters.`);

/** RFC 5321's longest address, checked on the raw input before any other work. */
const emailSchema = z.string().max(254, 'Emails are at most 254 characters.');

async function startSession(context: Context, user: User): Promise<void> {
  const now = context.clock.now();
  const { session, cookieValue } = await createSession(user.id, context.origin, now);
  context.response.cookies.push(sessionCookie(cookieValue, session.expiresAt, cookiesMustBeSecure(context.requestUrl)));
  context.viewer = {
    userId: user.id,
    administrator: user.isAdministrator,
    session: { id: session.id, reauthenticatedAt: session.reauthenticatedAt },
    token: null,
  };
}

const SignUpInput = builder.inputType('SignUpInput', {
  description: 'A new account.',
  fields: (t) => ({
    email: t.string({
      required: true,
      description: 'Email to sign in with; trimmed and lower-cased.',
      validate: emailSchema.trim().email('Enter a valid email address.'),
    }),
    password: t.string({
      required: true,
      description: `Between ${passwordLength.min} and ${passwordLength.max} characters.`,
      validate: passwordSchema,
    }),
  }),
});

const SignInInput = builder.inputType('SignInInput', {
  description: 'Credentials of an existing account.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'The account email (any case).', validate: emailSchema }),
    password: t.string({ required: true, description: 'The account password.' }),
  }),
});

const ReauthenticateInput = builder.inputType('ReauthenticateInput', {
  description: "The signed-in account's password, entered again.",
  fields: (t) => ({ password: t.string({ required: true, description: 'The current password.' }) }),
});

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  description: 'A new password for the signed-in account.',
  fields: (t) => ({
    currentPassword: t.string({ required: true, description: 'The current password.' }),
    newPassword: t.string({
      required: true,
      description: `Between ${passwordLength.min} and ${passwordLength.max} characters.`,
      validate: passwordSchema,
    }),
    revokeAllTokens: t.boolean({
      required: false,
      defaultValue: false,
      description: 'Also revoke every active token, for when the old password may have leaked.',
    }),
  }),
});

const userPayload = (name: string, description: string) =>
  builder.objectRef<{ user: User | { id: string } }>(name).implement({
    description,
    fields: (t) => ({ user: t.field({ type: UserRef, description: 'The account.', resolve: (p) => p.user }) }),
  });

const SignUpSuccess = userPayload(
  'SignUpSuccess',
  'This client is now signed in to the account: a new one, or the existing one when the password matched.',
);
const SignInSuccess = userPayload('SignInSuccess', 'This client is now signed in; the session cookie is set.');
const ReauthenticateSuccess = userPayload(
  'ReauthenticateSuccess',
  'The password was confirmed: for the next 10 minutes this session may restore tokens and generate ones that can write.',
);

const ChangePasswordSuccess = builder
  .objectRef<{ signedOutSessionCount: number; revokedTokenCount: number }>('ChangePasswordSuccess')
  .implement({
    description: 'The password was changed; every other session was signed out.',
    fields: (t) => ({
      signedOutSessionCount: t.exposeInt('signedOutSessionCount', { description: 'Other sessions signed out.' }),
      revokedTokenCount: t.exposeInt('revokedTokenCount', { description: 'Tokens revoked (when asked).' }),
    }),
  });

builder.mutationField('signUp', (t) =>
  t.field({
    type: SignUpSuccess,
    description:
      'Create an account and sign in to it (sets an HttpOnly session cookie). With an email that already has an ' +
      'account, signs in when the password matches and otherwise answers `SignUpRefusedError`. Limited per address.',
    args: { input: t.arg({ type: SignUpInput, required: true, description: 'The new account.' }) },
    errors: {
      types: [ValidationError, SignUpRefusedError, AccountLockedError, RateLimitedError, ServerBusyError],
      directResult: true,
      union: { name: 'SignUpResult', description: 'The outcome of `signUp`.' },
    },
    resolve: async (_root, { input }, context) => {
      await enforceRateLimits(context, [[context.rateLimits.signUpsPerIp, addressSubject(context.origin.ip)]]);
      const user = await limitSignInAttempt(context, input.email, () =>
        signUp(input.email, input.password, context.origin, context.clock.now()),
      );
      await startSession(context, user);
      return { user };
    },
  }),
);

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInSuccess,
    description:
      'Sign in with email and password (sets an HttpOnly session cookie). Failed attempts are limited per ' +
      'account and per address. An account an administrator locked answers `AccountLockedError` with their ' +
      'reason, once the password is right.',
    args: { input: t.arg({ type: SignInInput, required: true, description: 'The credentials.' }) },
    errors: {
      types: [ValidationError, InvalidCredentialsError, AccountLockedError, RateLimitedError, ServerBusyError],
      directResult: true,
      union: { name: 'SignInResult', description: 'The outcome of `signIn`.' },
    },
    resolve: async (_root, { input }, context) => {
      const user = await limitSignInAttempt(context, input.email, () =>
        signIn(input.email, input.password, context.origin, context.clock.now()),
      );
      await startSession(context, user);
      return { user };
    },
  }),
);

builder.mutationField('reauthenticate', (t) =>
  t.field({
    type: ReauthenticateSuccess,
    description: 'Confirm the password of the signed-in session (sudo mode). Sessions only.',
    authScopes: { session: true },
    args: { input: t.arg({ type: ReauthenticateInput, required: true, description: 'The password.' }) },
    errors: {
      types: [InvalidCredentialsError, RateLimitedError, ServerBusyError],
      directResult: true,
      union: { name: 'ReauthenticateResult', description: 'The outcome of `reauthenticate`.' },
    },
    resolve: async (_root, { input }, context) => {
      const viewer = requireViewer(context);
      await limitPasswordConfirmation(context, () => verifyViewerPassword(viewer, input.password));
      const now = context.clock.now();
      if (viewer.session) {
        await markReauthenticated(viewer.session.id, now);
        viewer.session.reauthenticatedAt = now;
      }
      return { user: { id: viewer.userId } };
    },
  }),
);

builder.mutationField('changePassword', (t) =>
  t.field({
    type: ChangePasswordSuccess,
    description: 'Change the password: signs out every other session, and can revoke every token. Sessions only.',
    authScopes: { session: true },
    args: { input: t.arg({ type: ChangePasswordInput, required: true, description: 'Old and new password.' }) },
    errors: {
      types: [ValidationError, InvalidCredentialsError, AccountLockedError, RateLimitedError, ServerBusyError],
      directResult: true,
      union: { name: 'ChangePasswordResult', description: 'The outcome of `changePassword`.' },
    },
    resolve: async (_root, { input }, context) => {
      if (isSamePassword(input.newPassword, input.currentPassword))
        throw ValidationError.forField(['input', 'newPassword'], 'Choose a new password, not the current one.');
      const viewer = requireViewer(context);
      await limitPasswordConfirmation(context, () => verifyViewerPassword(viewer, input.currentPassword));
      return answerBusyWith503(context, () =>
        changePassword(viewer, input.newPassword, input.revokeAllTokens ?? false, context.origin, context.clock.now()),
      );
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'End this session and clear its cookie. True when a session was ended.',
    resolve: async (_root, _args, context) => {
      const session = context.viewer?.session;
      context.response.cookies.push(expiredSessionCookie(cookiesMustBeSecure(context.requestUrl)));
      if (!session) return false;
      await deleteSession(session.id);
      context.viewer = null;
      return true;
    },
  }),
);
