import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { expect } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { createLatchkeyYoga, type LatchkeyOptions } from '../../src/yoga.js';

export class TestClock implements Clock {
  #now: Date;

  constructor(start = new Date('2026-01-15T12:00:00.000Z')) {
    this.#now = start;
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(milliseconds: number): void {
    this.#now = new Date(this.#now.getTime() + milliseconds);
  }
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export interface Credentials {
  cookie?: string;
  token?: string;
  authorization?: string;
  headers?: Record<string, string>;
  /** The address the request comes from, as Node's socket would report it; none when left out. */
  remoteAddress?: string;
}

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
  body: any;
  text: string;
}

export function createTestApp(options: LatchkeyOptions & { clock?: TestClock } = {}) {
  const clock = options.clock ?? new TestClock();
  const yoga = createLatchkeyYoga({ ...options, clock });

  async function request(
    query: string,
    variables: Record<string, unknown> = {},
    credentials: Credentials = {},
  ): Promise<GraphQLResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...credentials.headers };
    if (credentials.cookie) headers.cookie = credentials.cookie;
    if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
    if (credentials.authorization !== undefined) headers.authorization = credentials.authorization;
    const init = { method: 'POST', headers, body: JSON.stringify({ query, variables }) };
    const response =
      credentials.remoteAddress === undefined
        ? await yoga.fetch('http://localhost/graphql', init)
        : await yoga.fetch('http://localhost/graphql', init, {
            // What the server reads of Node's request: the socket's address and the headers as sent.
            req: {
              socket: { remoteAddress: credentials.remoteAddress },
              rawHeaders: Object.entries(headers).flat(),
            } as unknown as IncomingMessage,
          });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
  }

  /** A request that must succeed without top-level errors; returns `data`. */
  async function data(query: string, variables: Record<string, unknown> = {}, credentials: Credentials = {}) {
    const response = await request(query, variables, credentials);
    expect(response.body.errors, response.text).toBeUndefined();
    return response.body.data;
  }

  async function signUp(email = `person-${randomUUID()}@example.com`, password = 'correct horse battery') {
    const response = await request(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { __typename ... on SignUpSuccess { user { id } } } }`,
      { input: { email, password } },
    );
    expect(response.body.data.signUp.__typename, response.text).toBe('SignUpSuccess');
    const setCookie = response.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    return { cookie, userId: response.body.data.signUp.user.id as string, email, password };
  }

  /** A new session cookie, for tests that move the clock past the previous session's expiry. */
  async function signIn(person: { email: string; password: string }) {
    const response = await request(`mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }`, {
      input: { email: person.email, password: person.password },
    });
    expect(response.body.data.signIn.__typename, response.text).toBe('SignInSuccess');
    return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  async function generateToken(
    credentials: Credentials,
    input: { name?: string; expiration?: string; permissions?: string[] } = {},
  ) {
    const result = await data(
      `mutation ($input: GenerateTokenInput!) {
        generateToken(input: $input) {
          __typename
          ... on GenerateTokenSuccess { secret token { id name status permissions { name } expiresAt } }
          ... on Error { message }
        }
      }`,
      {
        input: {
          name: input.name ?? `token ${Math.random().toString(36).slice(2)}`,
          expiration: input.expiration ?? 'DAYS_30',
          permissions: input.permissions ?? ['profile:read', 'tokens:read', 'tokens:write', 'audit:read'],
        },
      },
      credentials,
    );
    expect(result.generateToken.__typename, JSON.stringify(result)).toBe('GenerateTokenSuccess');
    return {
      id: result.generateToken.token.id as string,
      secret: result.generateToken.secret as string,
      token: result.generateToken.token,
    };
  }

  return { yoga, clock, request, data, signUp, signIn, generateToken };
}

export type TestApp = ReturnType<typeof createTestApp>;

const tokenTransition = (field: string, success: string) => `mutation ($id: ID!) {
  ${field}(id: $id) {
    __typename
    ... on Error { message }
    ... on ${success} { token { id status revokedAt } }
  }
}`;

export const revokeMutation = tokenTransition('revokeToken', 'RevokeTokenSuccess');
export const restoreMutation = tokenTransition('restoreToken', 'RestoreTokenSuccess');
export const deleteMutation = `mutation ($id: ID!) {
  deleteToken(id: $id) { __typename ... on Error { message } ... on DeleteTokenSuccess { deletedTokenId } }
}`;

/** The database id inside a Relay global id, for looking rows up directly in tests. */
export function localId(globalId: string): string {
  return decodeGlobalID(globalId).id;
}

/** The secret with its last checksum character changed: well shaped, wrong checksum (never the same secret). */
export function withWrongChecksum(secret: string): string {
  return `${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
}
