/**
 * What a caller may be told when a request goes wrong: clear sentences about their own request. Anything
 * else (a masked internal error, a stack, a path, SQL, driver or ORM text) means the server met an input it
 * did not expect, or said too much about itself.
 */
const clearMessages: RegExp[] = [
  // Yoga's request parsing.
  /^POST body sent invalid JSON\.$/,
  /^POST body is expected to be object but received \w+$/,
  /^Expected "\w+" param to be .+\.$/,
  /^Could not determine what operation to execute\.$/,
  /^Must provide query string\.$/,
  /^Unexpected parameter ".*" in the request body\.$/s,
  /^Request body (?:is )?too large/i,
  // graphql-js parsing, validation and variable coercion, and the document limits.
  /^Syntax Error: /,
  /^Variable "\$\w+" /,
  /^Unknown operation named ".*"\.$/,
  /^Must provide operation name if query contains multiple operations\.$/,
  /^Cannot query field "\w+" on type "\w+"\.?/,
  /^Unknown argument "\w+" on field "[\w.]+"\.?/,
  /^Unknown type "\w+"\.?/,
  /^Field "[\w.]+" argument "\w+" of type "[\w[\]!]+" is required, but it was not provided\.$/,
  /^Field "\w+" must not have a selection since type "[\w[\]!]+" has no subfields\.$/,
  /^Field "\w+" of type "[\w[\]!]+" must have a selection of subfields\./,
  // Our own answers.
  /^The access token is invalid, expired or revoked\.$/,
  /^Too many invalid access tokens from this address\. Try again in \d+ (?:second|minute)s?\.$/,
  /^You must be signed in or send a personal access token\.$/,
  /^This requires a token with the [\w:]+(?: or [\w:]+)* scope\.$/,
  /^This can only be done from a signed-in session\.$/,
  /^`(?:first|last)` must be between 0 and 100\.$/,
  // Pothos: global ids, and connection arguments.
  /^Invalid global ID: /,
  /^Invalid cursor: /,
  /^Argument "\w+" must be a non-negative integer$/,
  /^Arguments "\w+" and "\w+" are not supported at the same time$/,
];

/** graphql-js and Yoga describe what is wrong with the document, variables or body under these codes. */
const inputErrorCodes = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
];

const leaks: [RegExp, string][] = [
  [/Unexpected error\./, 'a masked internal error'],
  [/INTERNAL_SERVER_ERROR/, 'a masked internal error'],
  [/\bat (?:async )?[\w$.<>[\] ]+ \(|\n\s+at /, 'a stack trace'],
  [/\/work\/|node_modules|file:\/\/|\.(?:ts|js|mjs|cjs):\d+/, 'a file path'],
  [/prisma/i, 'Prisma text'],
  [/sqlite|postgres|invalid byte sequence|violates|constraint/i, 'database text'],
  // PostgreSQL's catalog and function names, as it spells them: a bare `pg_` turns up in random ids (`…wlpG_`).
  [
    /\bpg_(?:catalog|class|type|namespace|attribute|index|stat|proc|settings|terminate_backend|advisory)/,
    'database text',
  ],
  [/\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[^"]*\b(?:FROM|VALUES|SET|WHERE)\b/, 'SQL'],
  [/"stack"|"exception"/, 'an exception object'],
];

export interface HttpAnswer {
  status: number;
  text: string;
}

/** Every reason this answer is not a clear, self-contained one; empty when it is fine. */
export function problemsWith(answer: HttpAnswer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  for (const [pattern, what] of leaks) {
    if (pattern.test(answer.text)) problems.push(`${what} (${pattern})`);
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    problems.push('a body that is not JSON');
    return problems;
  }
  const errors = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null)?.errors ?? [];
  for (const error of errors) {
    const message = typeof error?.message === 'string' ? error.message : JSON.stringify(error);
    const aboutTheRequest = inputErrorCodes.includes(error?.extensions?.code as string);
    if (!aboutTheRequest && !clearMessages.some((pattern) => pattern.test(message))) {
      problems.push(`an unexpected message: ${message}`);
    }
  }
  return problems;
}

/** The problems, with the answer, for an assertion message; shortened so a 200 KB echo stays readable. */
export function describeProblems(answer: HttpAnswer): string {
  const text = answer.text.length > 600 ? `${answer.text.slice(0, 600)}… (${answer.text.length} chars)` : answer.text;
  return `${problemsWith(answer).join('; ')} in HTTP ${answer.status} ${text}`;
}
