import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLFormattedError } from 'graphql';
// The two functions needed, not the whole library: a command line pays for every module it loads.
import { print } from 'graphql/language/printer.js';
import { getOperationAST } from 'graphql/utilities/getOperationAST.js';
import type { TokenSource } from './connection.js';
import {
  AuthenticationError,
  CommandFailure,
  ExitCode,
  MissingPermissionError,
  ServerUnreachableError,
} from './failures.js';
import { describeTimeFromNow, formatDateTime, maskSecrets } from './output.js';
import { cliVersion } from './version.js';

const REQUEST_TIMEOUT_MS = 30_000;

export interface GraphQLResponse<Result> {
  data?: Result | null;
  errors?: GraphQLFormattedError[];
}

function isGraphQLResponse(body: unknown): body is GraphQLResponse<unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { data, errors } = body as Record<string, unknown>;
  return (data !== undefined && typeof data === 'object') || Array.isArray(errors);
}

function describeNetworkFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused; is the server running?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}

/**
 * The exit code a GraphQL error's `extensions.code` stands for (docs/cli.md#exit-codes), or `otherwise` for an
 * error without a code the CLI knows.
 */
export function exitCodeForGraphQLError(error: GraphQLFormattedError, otherwise: ExitCode): ExitCode {
  switch (error.extensions?.code) {
    case 'GRAPHQL_PARSE_FAILED':
    case 'GRAPHQL_VALIDATION_FAILED':
    case 'BAD_USER_INPUT':
      return ExitCode.usage;
    case 'UNAUTHENTICATED':
    case 'INVALID_TOKEN':
      return ExitCode.authentication;
    case 'FORBIDDEN':
      return ExitCode.missingPermission;
    case 'RATE_LIMITED':
    case 'INTERNAL_SERVER_ERROR':
      return ExitCode.unreachable;
    default:
      return otherwise;
  }
}

/** For the CLI's own documents: an error without a code the CLI knows means the server failed, not the user. */
function failureFromGraphQLError(error: GraphQLFormattedError): CommandFailure {
  const exitCode = exitCodeForGraphQLError(error, ExitCode.unreachable);
  switch (exitCode) {
    case ExitCode.missingPermission: {
      const { requiredPermissions } = error.extensions ?? {};
      const required = Array.isArray(requiredPermissions)
        ? requiredPermissions.filter((name): name is string => typeof name === 'string')
        : [];
      return new MissingPermissionError(
        required.length > 0
          ? `this needs a token with the ${required.join(' or ')} permission`
          : `this is not allowed with a token: ${error.message}`,
      );
    }
    case ExitCode.authentication:
      return new AuthenticationError(`the server did not accept the token: ${error.message}`);
    case ExitCode.usage:
      // The CLI's own documents match the schema it was built against: a server refusing them is another version.
      return new ServerUnreachableError(`the server could not do this: ${error.message}`);
    default:
      return new CommandFailure(
        error.extensions?.code === 'RATE_LIMITED'
          ? `the server is turning requests away: ${error.message}`
          : `the server could not do this: ${error.message}`,
        exitCode,
      );
  }
}

/**
 * When to try again, from a `Retry-After` in seconds, for a long wait (a token's quota used up until its next
 * period): the moment itself, `Retry after 2026-12-01 00:00 UTC (in 3 days).` Null for a short wait, which the
 * server's own message already puts in words.
 */
export function retryAfterText(header: string | null, now: Date): string | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  const seconds = Number(header);
  if (seconds <= 120) return null;
  const at = new Date(now.getTime() + seconds * 1000).toISOString();
  return `Retry after ${formatDateTime(at)} (${describeTimeFromNow(at, now)}).`;
}

/** What `LatchkeyApi.send` posts: a GraphQL document as text, with its variables. */
export interface GraphQLRequest {
  query: string;
  operationName?: string | undefined;
  variables?: Readonly<Record<string, unknown>>;
}

/**
 * Sends GraphQL documents to the Latchkey API. The token sits in a private field and only ever
 * travels in the Authorization header; no message built here contains it.
 */
export class LatchkeyApi {
  readonly #token: string | null;
  readonly tokenSource: TokenSource | null;

  constructor(
    readonly url: string,
    token: { secret: string; source: TokenSource } | null,
  ) {
    this.#token = token?.secret ?? null;
    this.tokenSource = token?.source ?? null;
  }

  /** Sends a typed document; a GraphQL error becomes the failure that explains it. */
  async request<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    variables?: Variables,
  ): Promise<Result> {
    const result = (await this.send({
      query: print(document),
      operationName: getOperationAST(document)?.name?.value,
      variables: variables ?? {},
    })) as GraphQLResponse<Result>;
    const [firstError] = result.errors ?? [];
    if (firstError) throw failureFromGraphQLError(firstError);
    if (!result.data) throw new ServerUnreachableError(`${this.url} answered without data`);
    return result.data;
  }

  /**
   * Posts a request and returns the GraphQL result as the server sent it, errors included. Failures of
   * the transport (no answer, HTTP 401 or 429, a body that is no GraphQL result) are thrown.
   */
  async send(request: GraphQLRequest): Promise<GraphQLResponse<unknown>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'user-agent': `latchkey-cli/${cliVersion()}`,
    };
    if (this.#token !== null) headers.authorization = `Bearer ${this.#token}`;

    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ variables: {}, ...request }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ServerUnreachableError(`cannot reach ${this.url}: ${describeNetworkFailure(error)}`);
    }

    if (response.status === 401) {
      throw new AuthenticationError(
        `the server refused the token from ${this.tokenSource ?? 'nowhere'}: it is invalid, expired or revoked`,
      );
    }
    let result: GraphQLResponse<unknown> | null;
    try {
      result = (await response.json()) as GraphQLResponse<unknown>;
    } catch {
      result = null;
    }
    if (response.status === 429) {
      const error = result?.errors?.[0];
      const reason = error?.message ?? 'too many requests.';
      // A used-up quota that never refills: its Retry-After (the token's expiry) brings nothing back.
      const neverRefills = error?.extensions?.refills === false;
      const retryAfter = neverRefills ? null : retryAfterText(response.headers.get('retry-after'), new Date());
      throw new ServerUnreachableError(
        `the server is turning requests away (HTTP 429): ${reason}${retryAfter ? ` ${retryAfter}` : ''}`,
      );
    }
    if (!isGraphQLResponse(result)) {
      throw new ServerUnreachableError(
        `${this.url} answered HTTP ${response.status} without a GraphQL result; is that the Latchkey API URL?`,
      );
    }
    return result;
  }

  /** Text with the token in use shown as its hint, as everywhere else; other secrets in it are left alone. */
  maskOwnSecret(text: string): string {
    const secret = this.#token;
    return secret === null ? text : text.replaceAll(secret, maskSecrets(secret));
  }
}
