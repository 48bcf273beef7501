import { z } from 'zod';
import { signIn, signUp } from '../auth/accounts.js';
import { expiredSessionCookie, sessionCookie } from '../auth/cookies.js';
import { createSession, deleteSession } from '../auth/sessions.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { EmailTakenError, InvalidCredentialsError, ValidationError } from '../errors.js';
import type { User } from '../generated/prisma/client.js';
import { UserRef } from './user.js';

const MAX_PASSWORD_LENGTH = 128;

async function startSession(context: Context, user: User): Promise<void> {
  const now = context.clock.now();
  const { session, cookieValue } = await createSession(user.id, context.origin, now);
  context.responseCookies.push(sessionCookie(cookieValue, session.expiresAt, context.secureCookies));
  context.viewer = {
    userId: user.id,
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
      validate: z.string().trim().max(254, 'Emails are at most 254 characters.').email('Enter a valid email address.'),
    }),
    password: t.string({
      required: true,
      description: `Between 8 and ${MAX_PASSWORD_LENGTH} characters.`,
      validate: z
        .string()
        .min(8, 'Passwords are at least 8 characters.')
        .max(MAX_PASSWORD_LENGTH, `Passwords are at most ${MAX_PASSWORD_LENGTH} characters.`),
    }),
  }),
});

const SignInInput = builder.inputType('SignInInput', {
  description: 'Credentials of an existing account.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'The account email (any case).' }),
    password: t.string({ required: true, description: 'The account password.' }),
  }),
});

const SignUpSuccess = builder.objectRef<{ user: User }>('SignUpSuccess').implement({
  description: 'The account was created and this client is now signed in to it.',
  fields: (t) => ({ user: t.expose('user', { type: UserRef, description: 'The new account.' }) }),
});

const SignInSuccess = builder.objectRef<{ user: User }>('SignInSuccess').implement({
  description: 'This client is now signed in; the session cookie is set.',
  fields: (t) => ({ user: t.expose('user', { type: UserRef, description: 'The signed-in account.' }) }),
});

builder.mutationField('signUp', (t) =>
  t.field({
    type: SignUpSuccess,
    description: 'Create an account and sign in to it (sets an HttpOnly session cookie).',
    args: { input: t.arg({ type: SignUpInput, required: true, description: 'The new account.' }) },
    errors: {
      types: [ValidationError, EmailTakenError],
      directResult: true,
      union: { name: 'SignUpResult', description: 'The outcome of `signUp`.' },
    },
    resolve: async (_root, { input }, context) => {
      const user = await signUp(input.email, input.password, context.clock.now());
      await startSession(context, user);
      return { user };
    },
  }),
);

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInSuccess,
    description: 'Sign in with email and password (sets an HttpOnly session cookie).',
    args: { input: t.arg({ type: SignInInput, required: true, description: 'The credentials.' }) },
    errors: {
      types: [InvalidCredentialsError],
      directResult: true,
      union: { name: 'SignInResult', description: 'The outcome of `signIn`.' },
    },
    resolve: async (_root, { input }, context) => {
      if (input.password.length > MAX_PASSWORD_LENGTH) throw new InvalidCredentialsError();
      const user = await signIn(input.email, input.password, context.origin, context.clock.now());
      await startSession(context, user);
      return { user };
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'End this session and clear its cookie. True when a session was ended.',
    resolve: async (_root, _args, context) => {
      const session = context.viewer?.session;
      context.responseCookies.push(expiredSessionCookie(context.secureCookies));
      if (!session) return false;
      await deleteSession(session.id);
      context.viewer = null;
      return true;
    },
  }),
);
