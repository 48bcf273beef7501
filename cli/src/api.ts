import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLFormattedError } from 'graphql';
// The two functions needed, not the whole library: a command line pays for every module it loads.
import { print } from 'graphql/language/printer.js';
import { getOperationAST } from 'graphql/utilities/getOperationAST.js';
import type { TokenSource } from './connection.js';
import { AuthenticationError, MissingPermissionError, ServerUnreachableError } from './failures.js';
import { cliVersion } from './version.js';

const REQUEST_TIMEOUT_MS = 30_000;

interface GraphQLResponse<Result> {
  data?: Result | null;
  errors?: GraphQLFormattedError[];
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

function failureFromGraphQLError(error: GraphQLFormattedError): Error {
  const extensions = error.extensions ?? {};
  switch (extensions.code) {
    case 'FORBIDDEN': {
      const required = Array.isArray(extensions.requiredPermissions)
        ? extensions.requiredPermissions.filter((name): name is string => typeof name === 'string')
        : [];
      return new MissingPermissionError(
        required.length > 0
          ? `this needs a token with the ${required.join(' or ')} permission`
          : `this is not allowed with a token: ${error.message}`,
      );
    }
    case 'RATE_LIMITED':
      return new ServerUnreachableError(`the server is turning requests away: ${error.message}`);
    case 'UNAUTHENTICATED':
    case 'INVALID_TOKEN':
      return new AuthenticationError(`the server did not accept the token: ${error.message}`);
    default:
      return new ServerUnreachableError(`the server could not do this: ${error.message}`);
  }
}

/**
 * Sends typed GraphQL documents to the Latchkey API. The token sits in a private field and only ever
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

  async request<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    variables?: Variables,
  ): Promise<Result> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'user-agent': `latchkey-cli/${cliVersion()}`,
    };
    if (this.#token !== null) headers.authorization = `Bearer ${this.#token}`;
    const body = JSON.stringify({
      query: print(document),
      operationName: getOperationAST(document)?.name?.value,
      variables: variables ?? {},
    });

    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers,
        body,
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
    let result: GraphQLResponse<Result> | null;
    try {
      result = (await response.json()) as GraphQLResponse<Result>;
    } catch {
      result = null;
    }
    if (response.status === 429) {
      const reason = result?.errors?.[0]?.message ?? 'too many requests.';
      const retryAfter = response.headers.get('retry-after');
      throw new ServerUnreachableError(
        `the server is turning requests away (HTTP 429): ${reason}${retryAfter ? ` Retry in ${retryAfter} s.` : ''}`,
      );
    }
    if (!result) {
      throw new ServerUnreachableError(
        `${this.url} answered HTTP ${response.status} without a GraphQL result; is that the Latchkey API URL?`,
      );
    }
    const [firstError] = result.errors ?? [];
    if (firstError) throw failureFromGraphQLError(firstError);
    if (!result.data) {
      throw new ServerUnreachableError(`${this.url} answered HTTP ${response.status} without data`);
    }
    return result.data;
  }
}
