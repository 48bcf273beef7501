import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { sessionCookieNames } from '@latchkey/rules';
import type { RequestEvent } from '@sveltejs/kit';
import { print } from 'graphql';
import { GRAPHQL_PATH } from '$lib/graphql-client';
import { sessionCookieHeader } from './api-url';

/** A GraphQL error as the API sends it: unexpected failures and refusals (UNAUTHENTICATED, RATE_LIMITED, CSRF). */
export interface ApiError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** The API's answer. Expected failures are typed members of `data`; `errors` holds the rest. */
export interface ApiResult<Data> {
  data: Data | null;
  errors: ApiError[];
  /** The HTTP status: 429 when a rate limit refused the call, 503 when the API could not be reached. */
  status: number;
}

/** What of a request event `callApi` uses: form actions and server loads both have it. */
export type ApiEvent = Pick<RequestEvent, 'fetch' | 'cookies' | 'locals' | 'request'>;

/**
 * Calls Latchkey's GraphQL API as the person whose browser sent `event`, from a form action or a server load.
 * It goes through `handleFetch` (hooks.server.ts), which sends it to the API with the session cookie and the
 * browser's user agent. Cookies the API sets (sign-in, sign-out, a password change) are passed on to the browser.
 *
 * No `Origin` header is sent: the API refuses a session request whose Origin is not its own, and without a
 * public URL configured its own origin is the address this server reaches it at. The browser's form post was
 * already held to the page's origin by SvelteKit's CSRF check before any action runs.
 */
export async function callApi<Data, Variables>(
  event: ApiEvent,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<ApiResult<Data>> {
  let response: Response;
  try {
    response = await event.fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    return unreachable(503);
  }
  forwardCookies(event, response.headers.getSetCookie());
  const body = (await response.json().catch(() => null)) as { data?: Data | null; errors?: ApiError[] } | null;
  if (!body) return unreachable(response.status);
  return { data: body.data ?? null, errors: body.errors ?? [], status: response.status };
}

function unreachable(status: number): ApiResult<never> {
  return { data: null, errors: [{ message: 'Latchkey cannot reach its API right now.' }], status };
}

/** The session cookie the API should see for the rest of this request: one it has just set wins over the browser's. */
export function currentSessionCookie(event: Pick<RequestEvent, 'locals' | 'request'>): string | null {
  if (event.locals.sessionCookie !== undefined) return event.locals.sessionCookie;
  return sessionCookieHeader(event.request.headers.get('cookie'));
}

const sessionCookies: string[] = Object.values(sessionCookieNames);

function forwardCookies(event: ApiEvent, setCookieHeaders: string[]) {
  for (const header of setCookieHeaders) {
    const cookie = parseSetCookie(header);
    if (!cookie) continue;
    event.cookies.set(cookie.name, cookie.value, cookie.options);
    // The loads that render the page after this action must ask as the new session, or as nobody.
    if (sessionCookies.includes(cookie.name)) {
      event.locals.sessionCookie = isRemoval(cookie) ? null : `${cookie.name}=${cookie.value}`;
    }
  }
}

type CookieOptions = Parameters<RequestEvent['cookies']['set']>[2];

export interface ParsedCookie {
  name: string;
  value: string;
  options: CookieOptions;
}

/**
 * A `Set-Cookie` header as `cookies.set` takes it. Every attribute is carried over as sent, since SvelteKit's
 * defaults differ (it would add `Secure` over plain http, which browsers then drop). The value is kept verbatim.
 */
export function parseSetCookie(header: string): ParsedCookie | null {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const separator = pair.indexOf('=');
  if (separator < 1) return null;
  const options: CookieOptions = { path: '/', httpOnly: false, secure: false, encode: (value) => value };
  for (const attribute of attributes) {
    const [key = '', ...rest] = attribute.split('=');
    const value = rest.join('=');
    switch (key.toLowerCase()) {
      case 'path':
        options.path = value || '/';
        break;
      case 'domain':
        options.domain = value;
        break;
      case 'expires':
        options.expires = new Date(value);
        break;
      case 'max-age':
        options.maxAge = Number(value);
        break;
      case 'httponly':
        options.httpOnly = true;
        break;
      case 'secure':
        options.secure = true;
        break;
      case 'samesite':
        options.sameSite = value.toLowerCase() as 'lax' | 'strict' | 'none';
        break;
    }
  }
  return { name: pair.slice(0, separator), value: pair.slice(separator + 1), options };
}

function isRemoval({ value, options }: ParsedCookie): boolean {
  if (value === '' || (options.maxAge !== undefined && options.maxAge <= 0)) return true;
  return options.expires !== undefined && options.expires.getTime() <= Date.now();
}
