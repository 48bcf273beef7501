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

export type VerifyRefusal = 'invalid_token' | 'insufficient_scope' | 'unavailable';

export type VerifyResult =
  | { readonly ok: true; readonly principal: LatchkeyPrincipal }
  | { readonly ok: false; readonly error: VerifyRefusal };

export interface VerifyOptions {
  /** A permission of this service the token must hold, such as `reports:read`. */
  permission?: string;
}

/** What the adapters need of a verifier. */
export interface TokenVerification {
  verify(authorizationOrSecret: string | null | undefined, options?: VerifyOptions): Promise<VerifyResult>;
}
