/** Who a verified token speaks for, as Latchkey's introspection answered for this service. */
export interface LatchkeyPrincipal {
  /** The token owner's global id (introspection's `sub`). */
  readonly userId: string;
  /** The token's global id (introspection's `token_id`), the id revocations name. */
  readonly tokenId: string;
  /** The permissions of this service the token holds, implications included. */
  readonly permissions: readonly string[];
  readonly expiresAt: Date;
}

export type VerifyRefusal = 'invalid_token' | 'insufficient_scope' | 'unavailable' | 'rate_limited';

/** A refused verification; `rate_limited` (the token's rate limit or quota is spent) says when to try again. */
export type VerifyRefused =
  | { readonly ok: false; readonly error: Exclude<VerifyRefusal, 'rate_limited'> }
  | { readonly ok: false; readonly error: 'rate_limited'; readonly retryAfterSeconds: number };

export type VerifyResult = { readonly ok: true; readonly principal: LatchkeyPrincipal } | VerifyRefused;

export interface VerifyOptions {
  /** A permission of this service the token must hold, such as `reports:read`. */
  permission?: string;
  /**
   * The IPv4 or IPv6 address the request came from, sent to Latchkey to check a token's address allowlist
   * (a token with an allowlist is refused without it).
   */
  clientAddress?: string;
}

/** What the adapters need of a verifier. */
export interface TokenVerification {
  verify(authorizationOrSecret: string | null | undefined, options?: VerifyOptions): Promise<VerifyResult>;
}
