import type { LatchkeyApi } from './api.js';
import { AuthenticationError } from './failures.js';
import { graphql } from './graphql/gql.js';
import { describeTimeFromNow, formatDateTime } from './output.js';
import type { Terminal } from './terminal.js';
import { type TokenSummary, toTokenSummary } from './tokens/token-summary.js';

export const EXPIRY_WARNING_DAYS = 7;
const EXPIRY_WARNING_MS = EXPIRY_WARNING_DAYS * 24 * 60 * 60 * 1000;

const CurrentTokenQuery = graphql(`
  query CurrentToken {
    viewer {
      currentToken {
        ...TokenSummary
      }
    }
  }
`);

export function warnIfExpiringSoon(token: { name: string; expiresAt: string }, terminal: Terminal, now: Date): void {
  const remaining = new Date(token.expiresAt).getTime() - now.getTime();
  if (remaining > EXPIRY_WARNING_MS) return;
  terminal.report(
    `latchkey: warning: the token "${token.name}" expires ${describeTimeFromNow(token.expiresAt, now)} ` +
      `(${formatDateTime(token.expiresAt)}); create a new one and run "latchkey login"`,
  );
}

/** Every authenticated command starts here: it proves the token works and warns when it expires soon. */
export async function fetchCurrentToken(api: LatchkeyApi, terminal: Terminal, now: Date): Promise<TokenSummary> {
  const { viewer } = await api.request(CurrentTokenQuery);
  if (!viewer?.currentToken) {
    throw new AuthenticationError(`${api.url} did not recognise the request as coming from a token`);
  }
  const token = toTokenSummary(viewer.currentToken);
  warnIfExpiringSoon(token, terminal, now);
  return token;
}
